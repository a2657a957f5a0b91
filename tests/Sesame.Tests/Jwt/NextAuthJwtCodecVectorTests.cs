using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sesame.Jwt;

namespace Sesame.Tests.Jwt;

/// <summary>The codec against the spec's vectors, made by the real next-auth v4 and @auth/core v5 (protocol §17).</summary>
public sealed class NextAuthJwtCodecVectorTests
{
    public static TheoryData<string, string, string> SessionVectors => JwtVectors.Ids(("v4", "session"), ("v5", "session"));

    public static TheoryData<string, string, string> KeyedVectors =>
        JwtVectors.Ids(("v4", "session"), ("v4", "checkCookies"), ("v5", "session"), ("v5", "checkCookies"), ("v5", "stateParam"));

    public static TheoryData<string, string, string> CheckCookieVectors =>
        JwtVectors.Ids(("v4", "checkCookies"), ("v5", "checkCookies"), ("v5", "stateParam"));

    public static TheoryData<string, string, string> NegativeVectors => JwtVectors.Ids(("v4", "negative"), ("v5", "negative"));

    public static TheoryData<string, string, string> RotationVectors => JwtVectors.Ids(("v5", "rotation"));

    private static FakeTimeProvider Clock() => new(JwtVectors.GeneratedAt);

    private static JwtFormat Format(string version) => version == "v4" ? JwtFormat.NextAuthV4 : JwtFormat.AuthJsV5;

    private static NextAuthJwtCodec Codec(string version, params string[] secrets) => new(secrets, Format(version), Clock());

    [Theory]
    [MemberData(nameof(SessionVectors))]
    public void Decode_SessionVector_ReturnsDecodedPayload(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);
        var codec = Codec(version, vector.String("secret"));

        var claims = codec.Decode(vector.String("token"), vector.String("salt"));

        JwtAssert.SameClaims(vector["decodedPayload"]!, claims);
    }

    [Theory]
    [MemberData(nameof(SessionVectors))]
    public void Decode_ChunkedSessionVector_ReturnsDecodedPayload(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);
        if (vector["chunks"] is not JsonArray chunks)
        {
            return; // only the large vectors are chunked
        }

        var token = string.Concat(chunks.Select(chunk => chunk!.String("value")));
        Assert.Equal(vector.String("token"), token);

        var claims = Codec(version, vector.String("secret")).Decode(token, vector.String("salt"));

        JwtAssert.SameClaims(vector["decodedPayload"]!, claims);
    }

    [Fact]
    public void Vectors_ChunkedTokens_ArePresentForBothVersions()
    {
        Assert.Contains(JwtVectors.Section("v4", "session"), v => v!["chunks"] is JsonArray { Count: > 1 });
        Assert.Contains(JwtVectors.Section("v5", "session"), v => v!["chunks"] is JsonArray { Count: > 1 });
    }

    [Theory]
    [MemberData(nameof(CheckCookieVectors))]
    public void Decode_CheckCookieOrStateVector_ReturnsDecodedPayload(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);

        var claims = Codec(version, vector.String("secret")).Decode(vector.String("token"), vector.String("salt"));

        JwtAssert.SameClaims(vector["decodedPayload"]!, claims);
    }

    [Theory]
    [MemberData(nameof(CheckCookieVectors))]
    public void Decode_CheckCookieVectorWithSessionSalt_ReturnsNull(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);

        var claims = Codec(version, vector.String("secret")).Decode(vector.String("token"), version == "v4" ? "" : "authjs.session-token");

        Assert.Null(claims);
    }

    [Theory]
    [MemberData(nameof(RotationVectors))]
    public void Decode_RotationVector_AcceptsOrRejectsAsExpected(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);
        var secrets = (vector["secretsForDecode"] ?? vector["secretsForEncode"])!.AsArray().Select(s => s!.GetValue<string>()).ToArray();

        var claims = Codec(version, secrets).Decode(vector.String("token"), vector.String("salt"));

        if (vector.String("expect") == "accept")
        {
            JwtAssert.SameClaims(vector["decodedPayload"]!, claims);
        }
        else
        {
            Assert.Null(claims);
        }
    }

    [Theory]
    [MemberData(nameof(NegativeVectors))]
    public void Decode_NegativeVector_ReturnsNull(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);
        Assert.Equal("reject", vector.String("expect"));

        var claims = Codec(version, vector.String("secret")).Decode(vector.String("token"), vector.String("salt"));

        Assert.Null(claims);
    }

    [Fact]
    public void Decode_ExpiredVectorBeforeItExpired_ReturnsClaims()
    {
        // proves the expired vectors fail on expiry alone, not on the key
        foreach (var version in new[] { "v4", "v5" })
        {
            var vector = JwtVectors.Vector(version, "negative", version + "-neg-expired");
            var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
            var codec = new NextAuthJwtCodec([vector.String("secret")], Format(version), clock);

            Assert.NotNull(codec.Decode(vector.String("token"), vector.String("salt")));
        }
    }

    [Fact]
    public void Decode_CrossVersionVectors_AreRejected()
    {
        var v4IntoV5 = JwtVectors.All["crossVersion"]!.AsArray().Single(v => v!.String("id") == "cross-v4-token-into-v5-decode")!;
        var v5IntoV4 = JwtVectors.All["crossVersion"]!.AsArray().Single(v => v!.String("id") == "cross-v5-token-into-v4-decode")!;

        Assert.Null(Codec("v5", v4IntoV5.String("secret")).Decode(v4IntoV5.String("token"), v4IntoV5.String("v5Salt")));
        Assert.Null(Codec("v5", v4IntoV5.String("secret")).Decode(v4IntoV5.String("token"), ""));
        Assert.Null(Codec("v4", v5IntoV4.String("secret")).Decode(v5IntoV4.String("token"), ""));
        Assert.Null(Codec("v4", v5IntoV4.String("secret")).Decode(v5IntoV4.String("token"), "authjs.session-token"));
    }

    [Theory]
    [MemberData(nameof(KeyedVectors))]
    public void DeriveKey_Vector_EqualsDerivedKeyHex(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);
        var format = Format(version);
        var encryption = format == JwtFormat.NextAuthV4 ? JweEncryption.A256Gcm : JweEncryption.A256CbcHs512;

        var key = JweKeyDerivation.DeriveKey(format, encryption, vector.String("secret"), vector.String("salt"));

        Assert.Equal(vector.String("info"), JweKeyDerivation.Info(format, vector.String("salt")));
        Assert.Equal(vector.String("derivedKeyHex"), Convert.ToHexStringLower(key));
        if (format == JwtFormat.AuthJsV5)
        {
            if (vector["macKeyHex"] is not null)
            {
                Assert.Equal(vector.String("macKeyHex"), Convert.ToHexStringLower(key[..32]));
                Assert.Equal(vector.String("encKeyHex"), Convert.ToHexStringLower(key[32..]));
            }

            Assert.Equal(vector.String("expectedKid"), JweKeyDerivation.Thumbprint(key));
        }
    }

    [Theory]
    [MemberData(nameof(RotationVectors))]
    public void KeyRing_RotationVector_FirstKeyKidEqualsExpectedKid(string version, string section, string id)
    {
        var vector = JwtVectors.Vector(version, section, id);
        if (vector["expectedKid"] is null)
        {
            return;
        }

        var codec = Codec(version, vector.String("encodedWith"));

        Assert.Equal(vector.String("expectedKid"), codec.GetRing(vector.String("salt")).Keys[0].Kid);
    }

    [Fact]
    public void Encode_V5WithVectorSecret_WritesVectorHeader()
    {
        var vector = JwtVectors.Vector("v5", "session", "v5-session-ascii-ascii-basic");
        var codec = Codec("v5", vector.String("secret"));

        var token = codec.Encode(new JwtClaims { Subject = "user_123" }, TimeSpan.FromHours(1), vector.String("salt"));

        Assert.Equal(vector.String("token").Split('.')[0], token.Split('.')[0]);
    }

    [Fact]
    public void Encode_V4WithVectorSecret_WritesVectorHeader()
    {
        var vector = JwtVectors.Vector("v4", "session", "v4-session-ascii-ascii-basic");
        var codec = Codec("v4", vector.String("secret"));

        var token = codec.Encode(new JwtClaims { Subject = "user_123" }, TimeSpan.FromHours(1), "");

        Assert.Equal(vector.String("token").Split('.')[0], token.Split('.')[0]);
    }
}
