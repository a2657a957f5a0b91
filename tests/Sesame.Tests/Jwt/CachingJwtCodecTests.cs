using Microsoft.Extensions.Time.Testing;
using Sesame.Jwt;

namespace Sesame.Tests.Jwt;

/// <summary>The decoded-token memo as a decorator: over the built-in codec and over an app's own, bounded without thrashing.</summary>
public sealed class CachingJwtCodecTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decode_ReplacedCodec_GetsTheMemoToo()
    {
        var inner = new CountingCodec(new NextAuthJwtCodec(["secret-secret-secret-secret-secret"], JwtFormat.NextAuthV4, new FakeTimeProvider(Start)));
        var codec = new CachingJwtCodec(inner, new FakeTimeProvider(Start));
        var token = codec.Encode(new JwtClaims { Subject = "u1" }, TimeSpan.FromDays(1), "");

        var first = codec.Decode(token, "");
        var second = codec.Decode(token, "");
        first!.Subject = "changed";

        Assert.Equal(1, inner.Decodes);
        Assert.Equal("u1", second!.Subject);
        Assert.Equal("u1", codec.Decode(token, "")!.Subject);
        Assert.True(codec.TryDecodeKnown(token, "", out var known));
        Assert.Equal("u1", known!.Subject);
    }

    [Fact]
    public void Decode_RememberedTokenAtExpiryPlusTolerance_IsRefused()
    {
        var time = new FakeTimeProvider(Start);
        var codec = new CachingJwtCodec(new NextAuthJwtCodec(["secret-secret-secret-secret-secret"], JwtFormat.NextAuthV4, time), time);
        var token = codec.Encode(new JwtClaims { Subject = "u1" }, TimeSpan.FromSeconds(60), "");
        Assert.NotNull(codec.Decode(token, ""));

        time.Advance(TimeSpan.FromSeconds(60 + 14));
        Assert.NotNull(codec.Decode(token, ""));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(codec.TryDecodeKnown(token, "", out _) && codec.Decode(token, "") is not null);
        Assert.Null(codec.Decode(token, ""));
    }

    [Fact]
    public void Decode_DuplicateExp_TheEarliestDecidesForRememberedTokens()
    {
        var time = new FakeTimeProvider(Start);
        var builtIn = new NextAuthJwtCodec(["secret-secret-secret-secret-secret"], JwtFormat.NextAuthV4, time);
        var codec = new CachingJwtCodec(builtIn, time);
        var now = Start.ToUnixTimeSeconds();
        var key = JweKeyDerivation.DeriveKey(JwtFormat.NextAuthV4, JweEncryption.A256Gcm, "secret-secret-secret-secret-secret", "");
        var token = TestJwe.Gcm(key, """{"alg":"dir","enc":"A256GCM"}""", $$"""{"sub":"u1","exp":{{now + 100}},"exp":{{now + 100_000}}}""");
        Assert.NotNull(codec.Decode(token, ""));

        time.Advance(TimeSpan.FromSeconds(115));

        Assert.Null(codec.Decode(token, ""));
    }

    [Fact]
    public void Decode_TwentyThousandDistinctSessionsRotating_AreAllAnsweredFromTheMemo()
    {
        var time = new FakeTimeProvider(Start);
        var inner = new CountingCodec(new NextAuthJwtCodec(["secret-secret-secret-secret-secret"], JwtFormat.NextAuthV4, time));
        var codec = new CachingJwtCodec(inner, time);
        var tokens = Enumerable.Range(0, 20_000).Select(i => codec.Encode(new JwtClaims { Subject = "u" + i }, TimeSpan.FromDays(1), "")).ToArray();

        foreach (var token in tokens)
        {
            codec.Decode(token, "");
        }

        var decodedOnce = inner.Decodes;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                Assert.True(codec.TryDecodeKnown(tokens[i], "", out var claims));
                Assert.Equal("u" + i, claims!.Subject);
            }
        }

        Assert.Equal(20_000, decodedOnce);
        Assert.Equal(decodedOnce, inner.Decodes);
    }

    [Fact]
    public void Cache_MoreTokensThanTwoGenerations_StaysBounded()
    {
        var cache = new DecodedTokenCache();
        var claims = new JwtClaims { Subject = "u" };

        for (var i = 0; i < (3 * DecodedTokenCache.Capacity) + 10; i++)
        {
            cache.Add("token-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), claims, new PayloadTimes(double.MaxValue, 0));
        }

        Assert.InRange(cache.Count, DecodedTokenCache.Capacity, 2 * DecodedTokenCache.Capacity);
        Assert.NotNull(cache.Get("token-" + ((3 * DecodedTokenCache.Capacity) + 9).ToString(System.Globalization.CultureInfo.InvariantCulture), 0, out _));
        Assert.Null(cache.Get("token-0", 0, out _));
    }

    private sealed class CountingCodec(IJwtCodec inner) : IJwtCodec
    {
        public int Decodes;

        public string Encode(JwtClaims claims, TimeSpan maxAge, string salt) => inner.Encode(claims, maxAge, salt);

        public JwtClaims? Decode(string token, string salt)
        {
            Interlocked.Increment(ref Decodes);
            return inner.Decode(token, salt);
        }
    }
}
