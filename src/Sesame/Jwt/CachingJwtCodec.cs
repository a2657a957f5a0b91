using System.Collections.Concurrent;

namespace Sesame.Jwt;

/// <summary>
/// The decoded-token memo as a decorator over whatever <see cref="IJwtCodec"/> the app uses (the built-in one or its
/// own): a token decoded recently is answered from <see cref="DecodedTokenCache"/>, with its expiry checked again, and
/// the hot path can look a token up while it is still in the request's header (<see cref="TryDecodeKnown"/>).
/// Encoding goes straight to the codec.
/// </summary>
internal sealed class CachingJwtCodec(IJwtCodec inner, TimeProvider timeProvider) : IJwtCodec
{
    private readonly ConcurrentDictionary<string, DecodedTokenCache> _bySalt = new(StringComparer.Ordinal);

    public IJwtCodec Inner => inner;

    public string Encode(JwtClaims claims, TimeSpan maxAge, string salt) => inner.Encode(claims, maxAge, salt);

    public JwtClaims? Decode(string token, string salt)
    {
        if (string.IsNullOrEmpty(token) || salt is null)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var cache = CacheFor(salt);
        if (cache is not null)
        {
            if (cache.Get(token, now, out var expired) is { } known)
            {
                return known;
            }

            if (expired)
            {
                return null;
            }
        }

        PayloadTimes times;
        JwtClaims? claims;
        if (inner is ITimedJwtCodec timed)
        {
            claims = timed.Decode(token, salt, out times);
        }
        else
        {
            claims = inner.Decode(token, salt);
            times = claims is null ? default : new PayloadTimes(claims.ExpiresAt ?? double.MaxValue, claims.NotBefore ?? double.MinValue);
        }

        if (claims is null || cache is null)
        {
            return claims;
        }

        // the cached claims are never handed out: this request gets a copy, like every later one
        cache.Add(token, claims, times);
        return claims.Clone();
    }

    /// <summary>
    /// Decodes <paramref name="token"/> (still in the request's header) only if it was decoded recently, as
    /// <see cref="Decode"/> would: <paramref name="claims"/> is a copy of its claims, or <see langword="null"/> when it has
    /// expired since. False for a token not known, which <see cref="Decode"/> must then decode.
    /// </summary>
    public bool TryDecodeKnown(ReadOnlySpan<char> token, string salt, out JwtClaims? claims)
    {
        claims = null;
        if (!_bySalt.TryGetValue(salt, out var cache))
        {
            return false;
        }

        claims = cache.Get(token, timeProvider.GetUtcNow().ToUnixTimeSeconds(), out var expired);
        return claims is not null || expired;
    }

    // One cache per salt (Auth.js v5 salts with the cookie name); a few salts at most, so an unbounded map of them would
    // only grow if an app invented salts per request, which the codec already refuses to cache keys for.
    private DecodedTokenCache? CacheFor(string salt) =>
        _bySalt.TryGetValue(salt, out var cache) ? cache
        : _bySalt.Count >= 16 ? null
        : _bySalt.GetOrAdd(salt, static _ => new DecodedTokenCache());
}
