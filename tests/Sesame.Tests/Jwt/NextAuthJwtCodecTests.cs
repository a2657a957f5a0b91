using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sesame.Jwt;

namespace Sesame.Tests.Jwt;

public sealed class NextAuthJwtCodecTests
{
    private const string Secret = "unit-test-secret";
    private const string V5Salt = "authjs.session-token";
    private const string V4Header = "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}";
    private const string V5GcmHeader = "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}";
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<JwtFormat> Formats => [JwtFormat.NextAuthV4, JwtFormat.AuthJsV5];

    private static string SaltFor(JwtFormat format) => format == JwtFormat.NextAuthV4 ? "" : V5Salt;

    private static NextAuthJwtCodec Codec(JwtFormat format, TimeProvider? time = null, params string[] secrets) =>
        new(secrets.Length == 0 ? [Secret] : secrets, format, time ?? new FakeTimeProvider(Start));

    private static JwtClaims Claims() => new() { Subject = "u1", Name = "Carol", Email = "carol@example.com", Picture = "http://pic" };

    /// <summary>Encrypts an arbitrary payload the way the codec would (own header, own key) for this format.</summary>
    private static string Craft(JwtFormat format, string payloadJson, string secret = Secret)
    {
        var salt = SaltFor(format);
        if (format == JwtFormat.NextAuthV4)
        {
            return TestJwe.Gcm(JweKeyDerivation.DeriveKey(format, JweEncryption.A256Gcm, secret, salt), V4Header, payloadJson);
        }

        var key = JweKeyDerivation.DeriveKey(format, JweEncryption.A256CbcHs512, secret, salt);
        var header = $"{{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\"{JweKeyDerivation.Thumbprint(key)}\"}}";
        return TestJwe.Cbc(key, header, payloadJson);
    }

    private static long Now => Start.ToUnixTimeSeconds();

    [Fact]
    public void Constructor_NoSecrets_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new NextAuthJwtCodec([], JwtFormat.NextAuthV4, TimeProvider.System));
    }

    [Fact]
    public void Constructor_EmptySecret_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new NextAuthJwtCodec(["ok", ""], JwtFormat.AuthJsV5, TimeProvider.System));
    }

    [Fact]
    public void Constructor_Errors_SayWhatIsWrong()
    {
        Assert.Throws<ArgumentNullException>("secrets", () => new NextAuthJwtCodec(null!, JwtFormat.NextAuthV4, TimeProvider.System));
        Assert.Throws<ArgumentNullException>("timeProvider", () => new NextAuthJwtCodec(["s"], JwtFormat.NextAuthV4, null!));
        Assert.StartsWith("At least one secret is required.", Assert.Throws<ArgumentException>(() => new NextAuthJwtCodec([], JwtFormat.NextAuthV4, TimeProvider.System)).Message);
        Assert.StartsWith("Secrets must not be null or empty.", Assert.Throws<ArgumentException>(() => new NextAuthJwtCodec(["ok", ""], JwtFormat.NextAuthV4, TimeProvider.System)).Message);
        var format = Assert.Throws<ArgumentOutOfRangeException>(() => new NextAuthJwtCodec(["s"], (JwtFormat)7, TimeProvider.System));
        Assert.Equal("format", format.ParamName);
        Assert.StartsWith("Unknown token format.", format.Message);
    }

    [Fact]
    public void Encode_NullClaimsOrSalt_ThrowsArgumentNull()
    {
        var codec = Codec(JwtFormat.NextAuthV4);

        Assert.Throws<ArgumentNullException>("claims", () => codec.Encode(null!, TimeSpan.FromHours(1), ""));
        Assert.Throws<ArgumentNullException>("salt", () => codec.Encode(Claims(), TimeSpan.FromHours(1), null!));
    }

    [Fact]
    public void Decode_TokenOfTheLongestLength_IsRead_OneLonger_IsRefused()
    {
        // v4 (GCM) tokens come in almost every length; v5's CBC ciphertext grows by whole blocks. The bound is the same.
        var longest = CraftOfLength(NextAuthJwtCodec.MaxTokenLength);
        var longer = CraftOfLength(NextAuthJwtCodec.MaxTokenLength + 1);

        Assert.Equal("u1", Codec(JwtFormat.NextAuthV4).Decode(longest, "")?.Subject);
        Assert.Null(Codec(JwtFormat.NextAuthV4).Decode(longer, ""));
    }

    [Fact]
    public void Decode_HeaderOfTheLongestLength_IsRead_OneLonger_IsRefused()
    {
        // a header the codec did not write goes to the header reader, whose bound applies
        var key = JweKeyDerivation.DeriveKey(JwtFormat.NextAuthV4, JweEncryption.A256Gcm, Secret, "");
        var payload = $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}";
        string WithHeader(int length) => TestJwe.Gcm(key, Encoding.UTF8.GetString(TestJwe.FromB64(JweHeaderReaderTests.Padded(length))), payload);

        Assert.Equal("u1", Codec(JwtFormat.NextAuthV4).Decode(WithHeader(JweHeaderReader.MaxSegmentLength), "")?.Subject);
        Assert.Null(Codec(JwtFormat.NextAuthV4).Decode(WithHeader(JweHeaderReader.MaxSegmentLength + 2), ""));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_WipesTheClaimsFromThePooledBuffer(JwtFormat format)
    {
        // The decrypted claims pass through a pooled buffer; one returned with them in it would hand them to whatever
        // rents it next. The shared pool gives this thread back the array it returned last (its per-thread slot, emptied
        // first by renting it out), so the array the decode used is the one rented after it.
        var codec = Codec(format);
        var marker = "secret-claim-" + Guid.NewGuid().ToString("N");
        var claims = Claims();
        claims.Set("marker", marker);
        var token = codec.Encode(claims, TimeSpan.FromHours(1), SaltFor(format));
        var segments = token.Split('.');
        var ivLength = format == JwtFormat.NextAuthV4 ? 12 : 16;
        var size = segments[0].Length + ivLength + 2 * System.Buffers.Text.Base64Url.GetMaxDecodedLength(segments[3].Length) + 8;
        _ = System.Buffers.ArrayPool<byte>.Shared.Rent(size);

        Assert.Equal(marker, codec.Decode(token, SaltFor(format))!.Get("marker")!.GetValue<string>());
        var reused = System.Buffers.ArrayPool<byte>.Shared.Rent(size);

        // the decode's buffer starts with the header's ASCII (the AAD), which is no secret and stays
        Assert.True(reused.AsSpan(0, segments[0].Length).SequenceEqual(Encoding.ASCII.GetBytes(segments[0])),
            "the rented array is not the one the decode used: the test would prove nothing");
        Assert.True(reused.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) < 0, "the claims were left in the pooled buffer");
        System.Buffers.ArrayPool<byte>.Shared.Return(reused);
    }

    [Fact]
    public void Salts_AtMost64KeyRingsKept_TheOthersStillEncodeAndDecode()
    {
        var codec = Codec(JwtFormat.AuthJsV5);
        var tokens = Enumerable.Range(0, 100).Select(i => (Salt: $"cookie-{i}", Token: codec.Encode(Claims(), TimeSpan.FromHours(1), $"cookie-{i}"))).ToList();

        Assert.Equal(64, codec.CachedSaltCount);
        Assert.All(tokens, t => Assert.Equal("u1", codec.Decode(t.Token, t.Salt)?.Subject));
        Assert.All(tokens, t => Assert.Null(codec.Decode(t.Token, t.Salt == "cookie-0" ? "cookie-99" : "cookie-0")));
        Assert.Equal(64, codec.CachedSaltCount);
    }

    /// <summary>A v4 token of exactly <paramref name="length"/> characters (a custom claim pads the payload).</summary>
    private static string CraftOfLength(int length)
    {
        string Padded(int pad) => Craft(JwtFormat.NextAuthV4, $"{{\"sub\":\"u1\",\"exp\":{Now + 600},\"p\":\"{new string('x', pad)}\"}}");
        var estimate = Math.Max(0, (length - Padded(0).Length) * 3 / 4 - 8);
        for (var pad = estimate; pad < estimate + 32; pad++)
        {
            if (Padded(pad) is { } token && token.Length == length)
            {
                return token;
            }
        }

        // base64url has no length of 4k + 1 (the ciphertext's part of the token)
        throw new InvalidOperationException($"no v4 token of {length} characters");
    }

    [Fact]
    public void Encode_V4_WritesDirA256GcmCompactJwe()
    {
        var token = Codec(JwtFormat.NextAuthV4).Encode(Claims(), TimeSpan.FromDays(30), "");

        var parts = token.Split('.');
        Assert.Equal(5, parts.Length);
        Assert.Equal(V4Header, Encoding.UTF8.GetString(TestJwe.FromB64(parts[0])));
        Assert.Empty(parts[1]);
        Assert.Equal(12, TestJwe.FromB64(parts[2]).Length);
        Assert.Equal(16, TestJwe.FromB64(parts[4]).Length);
    }

    [Fact]
    public void Encode_V5_WritesA256CbcHs512HeaderWithKid()
    {
        var token = Codec(JwtFormat.AuthJsV5).Encode(Claims(), TimeSpan.FromDays(30), V5Salt);

        var parts = token.Split('.');
        var key = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256CbcHs512, Secret, V5Salt);
        Assert.Equal(5, parts.Length);
        Assert.Equal(
            $"{{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\"{JweKeyDerivation.Thumbprint(key)}\"}}",
            Encoding.UTF8.GetString(TestJwe.FromB64(parts[0])));
        Assert.Empty(parts[1]);
        Assert.Equal(16, TestJwe.FromB64(parts[2]).Length);
        Assert.Equal(0, TestJwe.FromB64(parts[3]).Length % 16);
        Assert.Equal(32, TestJwe.FromB64(parts[4]).Length);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Encode_Claims_SetsIatExpAndRandomJti(JwtFormat format)
    {
        var codec = Codec(format);
        var claims = Claims();
        claims.IssuedAt = 1;
        claims.ExpiresAt = 2;
        claims.TokenId = "old";

        var first = codec.Encode(claims, TimeSpan.FromSeconds(3600), SaltFor(format));
        var firstJti = claims.TokenId;
        var second = codec.Encode(claims, TimeSpan.FromSeconds(3600), SaltFor(format));

        Assert.Equal(Now, claims.IssuedAt);
        Assert.Equal(Now + 3600, claims.ExpiresAt);
        Assert.True(Guid.TryParseExact(firstJti, "D", out var jti));
        Assert.Equal(4, jti.Version);
        Assert.NotEqual(firstJti, claims.TokenId);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_TokenItEncoded_ReturnsSameClaims(JwtFormat format)
    {
        var codec = Codec(format);
        var claims = Claims();

        var decoded = codec.Decode(codec.Encode(claims, TimeSpan.FromDays(30), SaltFor(format)), SaltFor(format));

        Assert.NotNull(decoded);
        Assert.Equal("u1", decoded.Subject);
        Assert.Equal("Carol", decoded.Name);
        Assert.Equal("carol@example.com", decoded.Email);
        Assert.Equal("http://pic", decoded.Picture);
        Assert.Equal(Now, decoded.IssuedAt);
        Assert.Equal(Now + 30 * 86400, decoded.ExpiresAt);
        Assert.Equal(claims.TokenId, decoded.TokenId);
        Assert.Null(decoded.Custom);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_OtherSalt_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);

        var token = codec.Encode(Claims(), TimeSpan.FromHours(1), "next-auth.state");

        Assert.NotNull(codec.Decode(token, "next-auth.state"));
        Assert.Null(codec.Decode(token, SaltFor(format)));
        Assert.Null(codec.Decode(token, "__Secure-next-auth.state"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_SecretRotation_AcceptsNewAndOldRejectsRemoved(JwtFormat format)
    {
        var salt = SaltFor(format);
        var before = Codec(format, null, "old-secret");
        var rotated = Codec(format, null, "new-secret", "old-secret");
        var after = Codec(format, null, "new-secret");

        var oldToken = before.Encode(Claims(), TimeSpan.FromHours(1), salt);
        var newToken = rotated.Encode(Claims(), TimeSpan.FromHours(1), salt);

        Assert.NotNull(rotated.Decode(oldToken, salt));
        Assert.NotNull(rotated.Decode(newToken, salt));
        Assert.NotNull(after.Decode(newToken, salt)); // encoded with the first (new) secret
        Assert.Null(before.Decode(newToken, salt));
        Assert.Null(after.Decode(oldToken, salt));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_TenSecondsPastExp_ReturnsClaims(JwtFormat format)
    {
        var time = new FakeTimeProvider(Start);
        var codec = Codec(format, time);
        var token = codec.Encode(Claims(), TimeSpan.FromMinutes(1), SaltFor(format));

        time.Advance(TimeSpan.FromSeconds(70));

        Assert.NotNull(codec.Decode(token, SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_TwentySecondsPastExp_ReturnsNull(JwtFormat format)
    {
        var time = new FakeTimeProvider(Start);
        var codec = Codec(format, time);
        var token = codec.Encode(Claims(), TimeSpan.FromMinutes(1), SaltFor(format));

        time.Advance(TimeSpan.FromSeconds(80));

        Assert.Null(codec.Decode(token, SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_ExactlyFifteenSecondsPastExp_ReturnsNull(JwtFormat format)
    {
        // jose rejects when exp <= now - tolerance
        var time = new FakeTimeProvider(Start);
        var codec = Codec(format, time);
        var token = codec.Encode(Claims(), TimeSpan.FromMinutes(1), SaltFor(format));

        time.Advance(TimeSpan.FromSeconds(74));
        Assert.NotNull(codec.Decode(token, SaltFor(format)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(codec.Decode(token, SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_NoExp_ReturnsClaims(JwtFormat format)
    {
        var token = Craft(format, "{\"sub\":\"u1\",\"iat\":1}");

        var claims = Codec(format).Decode(token, SaltFor(format));

        Assert.NotNull(claims);
        Assert.Null(claims.ExpiresAt);
        Assert.Equal("u1", claims.Subject);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_NbfWithinTolerance_ReturnsClaims(JwtFormat format)
    {
        var token = Craft(format, $"{{\"sub\":\"u1\",\"nbf\":{Now + 10},\"exp\":{Now + 600}}}");

        var claims = Codec(format).Decode(token, SaltFor(format));

        Assert.Equal(Now + 10, claims?.NotBefore);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_NbfBeyondTolerance_ReturnsNullUntilItIsTime(JwtFormat format)
    {
        var time = new FakeTimeProvider(Start);
        var codec = Codec(format, time);
        var token = Craft(format, $"{{\"sub\":\"u1\",\"nbf\":{Now + 20},\"exp\":{Now + 600}}}");

        Assert.Null(codec.Decode(token, SaltFor(format)));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(codec.Decode(token, SaltFor(format)));
    }

    [Theory]
    [InlineData("{\"exp\":\"9999999999\"}")]
    [InlineData("{\"exp\":null}")]
    [InlineData("{\"exp\":true}")]
    [InlineData("{\"nbf\":\"1\"}")]
    [InlineData("{\"iat\":\"1\"}")]
    [InlineData("{\"iat\":null}")]
    [InlineData("{\"iat\":{}}")]
    [InlineData("{\"sub\":42}")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"sub\":\"u1\"")]
    [InlineData("{\"sub\":\"u1\"} {}")]
    [InlineData("{\"sub\":\"u1\"}x")]
    [InlineData("not json")]
    public void Decode_AuthenticPayloadWithBadClaims_ReturnsNull(string payload)
    {
        foreach (var format in new[] { JwtFormat.NextAuthV4, JwtFormat.AuthJsV5 })
        {
            Assert.Null(Codec(format).Decode(Craft(format, payload), SaltFor(format)));
        }
    }

    [Fact]
    public void Decode_NonUtf8Payload_ReturnsNull()
    {
        var key = JweKeyDerivation.DeriveKey(JwtFormat.NextAuthV4, JweEncryption.A256Gcm, Secret, "");
        var header = TestJwe.B64(V4Header);
        var iv = RandomNumberGenerator.GetBytes(12);
        byte[] plaintext = [(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(header));
        }

        Assert.Null(Codec(JwtFormat.NextAuthV4).Decode($"{header}..{TestJwe.B64(iv)}.{TestJwe.B64(ciphertext)}.{TestJwe.B64(tag)}", ""));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_FractionalAndIntegerTimes_AreAccepted(JwtFormat format)
    {
        var token = Craft(format, $"{{\"sub\":\"u1\",\"iat\":{Now}.5,\"exp\":{Now + 100}.25}}");

        var claims = Codec(format).Decode(token, SaltFor(format));

        Assert.Equal(Now, claims?.IssuedAt);
        Assert.Equal(Now + 100, claims?.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_DuplicateClaims_LastOneWins(JwtFormat format)
    {
        var token = Craft(format, "{\"sub\":\"a\",\"role\":\"x\",\"sub\":\"b\",\"role\":\"y\"}");

        var claims = Codec(format).Decode(token, SaltFor(format));

        Assert.Equal("b", claims?.Subject);
        Assert.Equal("y", claims?.GetString("role"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_SameTokenAgain_GivesEqualButIndependentClaims(JwtFormat format)
    {
        var codec = Codec(format);
        var claims = Claims();
        claims.Set("role", "admin");
        var token = codec.Encode(claims, TimeSpan.FromDays(1), SaltFor(format));

        var first = codec.Decode(token, SaltFor(format))!;
        first.Name = "changed";
        first.Set("role", "user");
        first.Custom!["team"] = "blue";
        var second = codec.Decode(new string(token.AsSpan()), SaltFor(format))!;

        Assert.NotSame(first, second);
        Assert.Equal("Carol", second.Name);
        Assert.Equal("admin", second.GetString("role"));
        Assert.Equal("""{"role":"admin"}""", second.Custom!.ToJsonString());
        Assert.Equal(first.TokenId, second.TokenId);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_DecodedTokenWithOneCharacterChanged_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var token = codec.Encode(Claims(), TimeSpan.FromDays(1), SaltFor(format));
        Assert.NotNull(codec.Decode(token, SaltFor(format)));

        for (var index = 0; index < token.Length; index += 7)
        {
            if (token[index] == '.')
            {
                continue;
            }

            var tampered = string.Concat(token.AsSpan(0, index), token[index] == 'A' ? "B" : "A", token.AsSpan(index + 1));
            Assert.Null(codec.Decode(tampered, SaltFor(format)));
        }

        Assert.Null(codec.Decode(token + "A", SaltFor(format)));
        Assert.Null(codec.Decode(token, "other-salt"));
    }

    [Fact]
    public void Decode_DuplicateExpOnDecodedToken_EarliestStillDecidesLater()
    {
        var time = new FakeTimeProvider(Start);
        var codec = Codec(JwtFormat.NextAuthV4, time);
        var token = Craft(JwtFormat.NextAuthV4, $$"""{"sub":"u1","exp":{{Now + 100}},"exp":{{Now + 100_000}}}""");
        Assert.Equal(Now + 100_000, codec.Decode(token, "")!.ExpiresAt);

        time.Advance(TimeSpan.FromSeconds(114));
        Assert.NotNull(codec.Decode(token, ""));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(codec.Decode(token, ""));
    }

    [Fact]
    public void Decode_MoreTokensThanRemembered_AllDecode()
    {
        var codec = Codec(JwtFormat.NextAuthV4);
        var tokens = Enumerable.Range(0, 2148)
            .Select(i => codec.Encode(new JwtClaims { Subject = "u" + i }, TimeSpan.FromDays(1), ""))
            .ToList();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                Assert.Equal("u" + i, codec.Decode(tokens[i], "")?.Subject);
            }
        }
    }

    [Fact]
    public void Decode_ManyChunkSizedTokens_AllDecode()
    {
        var codec = Codec(JwtFormat.NextAuthV4);
        var tokens = Enumerable.Range(0, 300).Select(i =>
        {
            var claims = new JwtClaims { Subject = "u" + i };
            claims.Set("blob", new string('x', 12_000));
            return codec.Encode(claims, TimeSpan.FromDays(1), "");
        }).ToList();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                Assert.Equal("u" + i, codec.Decode(tokens[i], "")?.Subject);
            }
        }
    }

    [Fact]
    public void Decode_CustomClaims_AreTheNodesParsingGives()
    {
        const string Payload = """{"sub":"u1","role":"a\u00e9","role":"b\u00e9","when":"2026-11-26T12:00:00Z","n":1.50,"ok":true,"none":null,"list":[1,{"x":"y"}],"obj":{"k":[]}}""";
        var expected = JsonNode.Parse("""{"role":"b\u00e9","when":"2026-11-26T12:00:00Z","n":1.50,"ok":true,"none":null,"list":[1,{"x":"y"}],"obj":{"k":[]}}""")!;

        var claims = Codec(JwtFormat.NextAuthV4).Decode(Craft(JwtFormat.NextAuthV4, Payload), "")!;

        // strings are answered before (and after) any node exists; the last duplicate wins
        Assert.Equal("bé", claims.GetString("role"));
        Assert.Null(claims.GetString("n"));
        Assert.Null(claims.GetString("none"));
        Assert.Null(claims.GetString("obj"));
        Assert.Null(claims.GetString("missing"));
        var copy = claims.Clone();
        Assert.True(JsonNode.DeepEquals(expected, claims.Custom), claims.Custom!.ToJsonString());
        Assert.Equal(["role", "when", "n", "ok", "none", "list", "obj"], claims.Custom!.Select(p => p.Key));
        Assert.Equal("bé", claims.GetString("role"));
        Assert.Equal("\"b\\u00e9\"", claims.Get("role")!.GetValue<System.Text.Json.JsonElement>().GetRawText());
        Assert.Equal(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), claims.Get("when")!.GetValue<DateTime>());
        Assert.Equal("1.50", claims.Get("n")!.ToJsonString());
        Assert.Same(claims.Custom, claims.Get("ok")!.Parent);

        // a copy made before the nodes existed is independent of them
        claims.Custom!["role"] = "changed";
        Assert.Equal("bé", copy.GetString("role"));
        Assert.True(JsonNode.DeepEquals(expected, copy.Custom));
    }

    [Fact]
    public void Decode_CustomClaimsReplacedBeforeUse_UnparsedOnesAreGone()
    {
        var claims = Codec(JwtFormat.NextAuthV4).Decode(Craft(JwtFormat.NextAuthV4, """{"role":"admin","team":"blue"}"""), "")!;

        claims.Custom = new JsonObject { ["x"] = 1 };

        Assert.Null(claims.GetString("role"));
        Assert.Equal("{\"x\":1}", claims.Custom!.ToJsonString());
    }

    [Fact]
    public void Decode_CustomClaimSetBeforeUse_KeepsTheOthersInOrder()
    {
        var claims = Codec(JwtFormat.NextAuthV4).Decode(Craft(JwtFormat.NextAuthV4, """{"role":"admin","team":"blue"}"""), "")!;

        claims.Set("role", "user");
        claims.Set("level", 2);

        Assert.Equal("""{"role":"user","team":"blue","level":2}""", claims.Custom!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTrip_CustomClaims_AreKeptExactly(JwtFormat format)
    {
        var codec = Codec(format);
        var claims = Claims();
        claims.Name = "Zoë Ångström 李小龍 👩‍💻 \"q\" \\ </script>";
        claims.Set("role", "admin");
        claims.Set("permissions", new JsonArray("read", "write", "delete"));
        claims.Set("isActive", true);
        claims.Set("loginCount", 7);
        claims.Set("big", long.MaxValue);
        claims.Set("negative", -12.5);
        claims.Set("tiny", 1e-7);
        claims.Set("nothing", JsonValue.Create((string?)null) ?? (JsonNode?)null);
        claims.Set("meta", new JsonObject
        {
            ["tenant"] = "acme",
            ["nested"] = new JsonObject { ["level"] = 2, ["tags"] = new JsonArray("a", "b", new JsonObject()), ["empty"] = new JsonArray() },
            ["ключ"] = "значение",
        });
        claims.Custom!.Add("explicitNull", null);

        var decoded = codec.Decode(codec.Encode(claims, TimeSpan.FromHours(1), SaltFor(format)), SaltFor(format));

        Assert.NotNull(decoded);
        Assert.Equal(claims.Name, decoded.Name);
        Assert.True(JsonNode.DeepEquals(claims.Custom, decoded.Custom), decoded.Custom?.ToJsonString());
        Assert.True(decoded.Custom!.ContainsKey("explicitNull"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Encode_StandardClaimAlsoInCustom_WritesItOnce(JwtFormat format)
    {
        var codec = Codec(format);
        var claims = Claims();
        claims.Custom = new JsonObject { ["sub"] = "shadow", ["exp"] = 1, ["x"] = 1 };

        var decoded = codec.Decode(codec.Encode(claims, TimeSpan.FromHours(1), SaltFor(format)), SaltFor(format));

        Assert.Equal("u1", decoded?.Subject);
        Assert.Equal(Now + 3600, decoded?.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTrip_ExpBeyond2106_Is64Bit(JwtFormat format)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var codec = Codec(format, time);

        var decoded = codec.Decode(codec.Encode(Claims(), TimeSpan.FromDays(36500), SaltFor(format)), SaltFor(format));

        Assert.NotNull(decoded);
        Assert.True(decoded.ExpiresAt > uint.MaxValue);
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds() + 36500L * 86400, decoded.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTrip_LargeClaimSet_WorksAtChunkSize(JwtFormat format)
    {
        var codec = Codec(format);
        var claims = Claims();
        claims.Set("blob", new string('x', 9000));

        var token = codec.Encode(claims, TimeSpan.FromHours(1), SaltFor(format));

        Assert.True(token.Length > 12_000);
        Assert.Equal(9000, codec.Decode(token, SaltFor(format))?.GetString("blob")?.Length);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTrip_EmptyClaims_Works(JwtFormat format)
    {
        var codec = Codec(format);

        var decoded = codec.Decode(codec.Encode(new JwtClaims(), TimeSpan.FromHours(1), SaltFor(format)), SaltFor(format));

        Assert.NotNull(decoded);
        Assert.Null(decoded.Subject);
        Assert.NotNull(decoded.TokenId);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_TamperedSegment_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var token = codec.Encode(Claims(), TimeSpan.FromHours(1), SaltFor(format));
        var parts = token.Split('.');

        foreach (var index in new[] { 0, 2, 3, 4 })
        {
            for (var position = 0; position < parts[index].Length; position += Math.Max(1, parts[index].Length / 7))
            {
                var segment = parts[index].ToCharArray();
                segment[position] = segment[position] == 'A' ? 'Q' : 'A';
                var tampered = (string[])parts.Clone();
                tampered[index] = new string(segment);

                Assert.Null(codec.Decode(string.Join('.', tampered), SaltFor(format)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_SwappedIvOrTagOfAnotherToken_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var a = codec.Encode(Claims(), TimeSpan.FromHours(1), SaltFor(format)).Split('.');
        var b = codec.Encode(Claims(), TimeSpan.FromHours(1), SaltFor(format)).Split('.');

        Assert.Null(codec.Decode(string.Join('.', a[0], a[1], b[2], a[3], a[4]), SaltFor(format)));
        Assert.Null(codec.Decode(string.Join('.', a[0], a[1], a[2], a[3], b[4]), SaltFor(format)));
        Assert.Null(codec.Decode(string.Join('.', a[0], a[1], a[2], b[3], a[4]), SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_TruncatedToken_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var token = codec.Encode(Claims(), TimeSpan.FromHours(1), SaltFor(format));

        for (var length = 0; length < token.Length; length++)
        {
            Assert.Null(codec.Decode(token[..length], SaltFor(format)));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_ExtraSegmentOrEncryptedKey_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var parts = codec.Encode(Claims(), TimeSpan.FromHours(1), SaltFor(format)).Split('.');

        Assert.Null(codec.Decode(string.Join('.', parts) + ".", SaltFor(format)));
        Assert.Null(codec.Decode(string.Join('.', parts) + ".AAAA", SaltFor(format)));
        Assert.Null(codec.Decode(string.Join('.', parts[0], "AAAA", parts[2], parts[3], parts[4]), SaltFor(format)));
        Assert.Null(codec.Decode(string.Join('.', parts[0], parts[2], parts[3], parts[4]), SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_PaddedOrWhitespaceBase64_DoesNotThrow(JwtFormat format)
    {
        var codec = Codec(format);
        var parts = codec.Encode(Claims(), TimeSpan.FromHours(1), SaltFor(format)).Split('.');

        _ = codec.Decode(string.Join('.', parts[0], "", parts[2] + "==", parts[3], parts[4]), SaltFor(format));
        Assert.Null(codec.Decode(string.Join('.', parts[0], "", parts[2], parts[3] + "!", parts[4]), SaltFor(format)));
        Assert.Null(codec.Decode(string.Join('.', parts[0], "", "+/+/", parts[3], parts[4]), SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_AlgNone_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var payload = TestJwe.B64($"{{\"sub\":\"admin\",\"exp\":{Now + 600}}}");

        Assert.Null(codec.Decode($"{TestJwe.B64("{\"alg\":\"none\"}")}.{payload}.", SaltFor(format)));
        Assert.Null(codec.Decode($"{TestJwe.B64("{\"alg\":\"none\",\"enc\":\"A256GCM\"}")}..{payload}.{payload}.{payload}", SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_Hs256Jws_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var signingInput = TestJwe.B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + TestJwe.B64($"{{\"sub\":\"admin\",\"exp\":{Now + 600}}}");
        var signature = TestJwe.B64(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(signingInput)));

        Assert.Null(codec.Decode(signingInput + "." + signature, SaltFor(format)));
    }

    [Theory]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"zip\":\"DEF\"}")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"crit\":[\"exp\"],\"exp\":1}")]
    [InlineData("{\"alg\":\"A256KW\",\"enc\":\"A256GCM\"}")]
    [InlineData("{\"enc\":\"A256GCM\"}")]
    [InlineData("{\"alg\":\"dir\"}")]
    [InlineData("{\"alg\":\"dir\",\"enc\":256}")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":7}")]
    [InlineData("[\"dir\",\"A256GCM\"]")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256GCM\"")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}{}")]
    [InlineData("")]
    public void DecodeV4_AuthenticTokenWithUnacceptableHeader_ReturnsNull(string header)
    {
        var key = JweKeyDerivation.DeriveKey(JwtFormat.NextAuthV4, JweEncryption.A256Gcm, Secret, "");

        var token = TestJwe.Gcm(key, header, $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}");

        Assert.Null(Codec(JwtFormat.NextAuthV4).Decode(token, ""));
    }

    [Theory]
    [InlineData("{\"enc\":\"A256GCM\",\"alg\":\"dir\"}")]
    [InlineData("{ \"alg\" : \"dir\", \"enc\" : \"A256GCM\", \"typ\": \"JWT\", \"cty\": {\"x\": [1]} }")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"ignored-by-v4\"}")]
    [InlineData("{\"alg\":\"\\u0064ir\",\"enc\":\"A256GCM\"}")]
    public void DecodeV4_AuthenticTokenWithOtherWellFormedHeader_ReturnsClaims(string header)
    {
        var key = JweKeyDerivation.DeriveKey(JwtFormat.NextAuthV4, JweEncryption.A256Gcm, Secret, "");

        var token = TestJwe.Gcm(key, header, $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}");

        Assert.Equal("u1", Codec(JwtFormat.NextAuthV4).Decode(token, "")?.Subject);
    }

    [Fact]
    public void DecodeV4_A256CbcHs512Token_ReturnsNull()
    {
        var key = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256CbcHs512, Secret, "");

        var token = TestJwe.Cbc(key, "{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\"}", "{\"sub\":\"u1\"}");

        Assert.Null(Codec(JwtFormat.NextAuthV4).Decode(token, ""));
    }

    [Fact]
    public void DecodeV5_A256GcmWithoutKid_UsesFirstSecretsGcmKey()
    {
        var first = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256Gcm, "first", V5Salt);
        var second = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256Gcm, "second", V5Salt);
        var codec = Codec(JwtFormat.AuthJsV5, null, "first", "second");
        var payload = $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}";

        Assert.Equal("u1", codec.Decode(TestJwe.Gcm(first, V5GcmHeader, payload), V5Salt)?.Subject);
        Assert.Null(codec.Decode(TestJwe.Gcm(second, V5GcmHeader, payload), V5Salt));
    }

    [Fact]
    public void DecodeV5_A256GcmWithKid_UsesMatchingSecret()
    {
        var second = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256Gcm, "second", V5Salt);
        var header = $"{{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"{JweKeyDerivation.Thumbprint(second)}\"}}";
        var codec = Codec(JwtFormat.AuthJsV5, null, "first", "second");

        var token = TestJwe.Gcm(second, header, $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}");

        Assert.Equal("u1", codec.Decode(token, V5Salt)?.Subject);
        Assert.Null(Codec(JwtFormat.AuthJsV5, null, "first").Decode(token, V5Salt));
    }

    [Fact]
    public void DecodeV5_V4KeyA256GcmToken_ReturnsNull()
    {
        var v4Key = JweKeyDerivation.DeriveKey(JwtFormat.NextAuthV4, JweEncryption.A256Gcm, Secret, "");

        var token = TestJwe.Gcm(v4Key, V4Header, $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}");

        Assert.Null(Codec(JwtFormat.AuthJsV5).Decode(token, V5Salt));
        Assert.Null(Codec(JwtFormat.AuthJsV5).Decode(token, ""));
    }

    [Fact]
    public void DecodeV5_CbcWithoutKid_UsesFirstSecretOnly()
    {
        var first = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256CbcHs512, "first", V5Salt);
        var second = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256CbcHs512, "second", V5Salt);
        var codec = Codec(JwtFormat.AuthJsV5, null, "first", "second");
        const string header = "{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\"}";
        var payload = $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}";

        Assert.Equal("u1", codec.Decode(TestJwe.Cbc(first, header, payload), V5Salt)?.Subject);
        Assert.Null(codec.Decode(TestJwe.Cbc(second, header, payload), V5Salt));
    }

    [Fact]
    public void DecodeV5_KidOfOneSecretKeyOfAnother_ReturnsNull()
    {
        var first = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256CbcHs512, "first", V5Salt);
        var second = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256CbcHs512, "second", V5Salt);
        var header = $"{{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\"{JweKeyDerivation.Thumbprint(first)}\"}}";

        var token = TestJwe.Cbc(second, header, $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}");

        Assert.Null(Codec(JwtFormat.AuthJsV5, null, "first", "second").Decode(token, V5Salt));
    }

    [Theory]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"zip\":\"DEF\"}")]
    [InlineData("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256CBC-HS512\"}")]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A256CBC-HS512\",\"kid\":\"unknown\"}")]
    public void DecodeV5_AuthenticTokenWithUnacceptableHeader_ReturnsNull(string header)
    {
        var key = JweKeyDerivation.DeriveKey(JwtFormat.AuthJsV5, JweEncryption.A256CbcHs512, Secret, V5Salt);

        var token = TestJwe.Cbc(key, header, $"{{\"sub\":\"u1\",\"exp\":{Now + 600}}}");

        Assert.Null(Codec(JwtFormat.AuthJsV5).Decode(token, V5Salt));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_RandomGarbage_ReturnsNullWithoutThrowing(JwtFormat format)
    {
        var codec = Codec(format);
        var random = new Random(20261126);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u00e9\u0000";
        var real = codec.Encode(Claims(), TimeSpan.FromHours(1), SaltFor(format)).Split('.');

        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 400)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            Assert.Null(codec.Decode(new string(chars), SaltFor(format)));
            // random bytes behind a valid header, so the key is actually tried
            var iv = TestJwe.B64(RandomNumberGenerator.GetBytes(random.Next(0, 3) == 0 ? random.Next(0, 40) : format == JwtFormat.NextAuthV4 ? 12 : 16));
            var ciphertext = TestJwe.B64(RandomNumberGenerator.GetBytes(random.Next(0, 300)));
            var tag = TestJwe.B64(RandomNumberGenerator.GetBytes(random.Next(0, 3) == 0 ? random.Next(0, 40) : format == JwtFormat.NextAuthV4 ? 16 : 32));
            Assert.Null(codec.Decode($"{real[0]}..{iv}.{ciphertext}.{tag}", SaltFor(format)));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_NullEmptyOrOversized_ReturnsNull(JwtFormat format)
    {
        var codec = Codec(format);
        var huge = Claims();
        huge.Set("blob", new string('x', NextAuthJwtCodec.MaxTokenLength));
        var token = codec.Encode(huge, TimeSpan.FromHours(1), SaltFor(format));

        Assert.Null(codec.Decode(null!, SaltFor(format)));
        Assert.Null(codec.Decode("", SaltFor(format)));
        Assert.Null(codec.Decode("....", SaltFor(format)));
        Assert.True(token.Length > NextAuthJwtCodec.MaxTokenLength);
        Assert.Null(codec.Decode(token, SaltFor(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_ManySalts_WorksBeyondTheKeyCache(JwtFormat format)
    {
        var codec = Codec(format);

        for (var i = 0; i < 100; i++)
        {
            var salt = "cookie-" + i;
            Assert.Equal("u1", codec.Decode(codec.Encode(Claims(), TimeSpan.FromHours(1), salt), salt)?.Subject);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task EncodeDecode_Concurrently_AllRoundTrip(JwtFormat format)
    {
        var codec = Codec(format, TimeProvider.System, "new", "old");
        var old = Codec(format, TimeProvider.System, "old");

        var tasks = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var claims = new JwtClaims { Subject = $"{worker}-{i}" };
                var token = (i % 2 == 0 ? codec : old).Encode(claims, TimeSpan.FromHours(1), SaltFor(format));
                Assert.Equal(claims.Subject, codec.Decode(token, SaltFor(format))?.Subject);
                Assert.Null(codec.Decode(token[..^2], SaltFor(format)));
            }
        }));

        await Task.WhenAll(tasks);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_CommonFailures_RaiseNoExceptionInternally(JwtFormat format)
    {
        var time = new FakeTimeProvider(Start);
        var codec = Codec(format, time);
        var salt = SaltFor(format);
        var token = codec.Encode(Claims(), TimeSpan.FromMinutes(1), salt);
        var parts = token.Split('.');
        var inputs = new List<string>
        {
            "", "garbage", "a.b.c", "a..b.c.d", "....", "!!!..!!!.!!!.!!!", token + ".", token.Replace('.', '!'),
            string.Join('.', parts[0], "", "AAAA", parts[3], parts[4]),
            string.Join('.', parts[0], "", parts[2], parts[3] + "*", parts[4]),
            string.Join('.', parts[0], "", parts[2], parts[3], "AAAA"),
            TestJwe.B64("{\"alg\":\"none\"}") + "." + TestJwe.B64("{}") + ".",
            string.Join('.', TestJwe.B64("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}"), "", parts[2], parts[3], parts[4]),
        };
        for (var length = 0; length < token.Length; length += 3)
        {
            inputs.Add(token[..length]);
        }

        var thread = Environment.CurrentManagedThreadId;
        var raised = new List<string>();
        void OnException(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                lock (raised)
                {
                    raised.Add(e.Exception.GetType().Name + ": " + e.Exception.Message);
                }
            }
        }

        _ = codec.Decode(token, salt); // warm up: keys derived outside the measured part
        AppDomain.CurrentDomain.FirstChanceException += OnException;
        try
        {
            foreach (var input in inputs)
            {
                Assert.Null(codec.Decode(input, salt));
            }

            time.Advance(TimeSpan.FromMinutes(2)); // expired: the most common failure of all
            Assert.Null(codec.Decode(token, salt));
            if (format == JwtFormat.AuthJsV5)
            {
                // v5 picks the key by kid and checks an HMAC: a wrong secret or tampering costs no exception either
                Assert.Null(Codec(format, time, "other").Decode(token, salt));
                Assert.Null(codec.Decode(string.Join('.', parts[0], "", parts[2], parts[3], parts[4][..^2] + "AA"), salt));
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= OnException;
        }

        Assert.Empty(raised);
    }
}
