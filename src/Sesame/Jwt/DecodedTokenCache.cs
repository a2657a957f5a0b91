using System.Collections.Concurrent;
using Sesame.Security;

namespace Sesame.Jwt;

/// <summary>
/// Tokens this codec decoded recently, with their claims: a browser presents the same session token on every request
/// until it is re-issued, and decrypting it again (AES through OpenSSL, base64, JSON) costs about a microsecond, most of
/// it the cipher's per-call overhead. Only tokens that decrypted and validated are kept; the expiry checks run again on
/// every hit, and every hit gets its own copy of the claims. Bounded: past <see cref="Capacity"/> tokens, or
/// <see cref="MaxCharacters"/> characters of them (chunked tokens are large), it starts over.
/// </summary>
/// <remarks>
/// Sound because a token's claims depend only on its exact text and the keys, which never change for a codec: a token
/// that differs in any character is looked up as a different one. The claims stay in memory as long as the entry,
/// as they do in the request that decoded them.
/// </remarks>
internal sealed class DecodedTokenCache
{
    public const int Capacity = 2048;

    /// <summary>The most token characters kept (about 4 MB of tokens, and as much again of claims).</summary>
    public const int MaxCharacters = 2 * 1024 * 1024;

    private long _characters;

    private readonly ConcurrentDictionary<string, Entry> _entries;
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public DecodedTokenCache()
    {
        _entries = new ConcurrentDictionary<string, Entry>(TokenComparer.Instance);
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A copy of the claims of <paramref name="token"/> if it is known; <paramref name="expired"/> if it is known but no longer valid at <paramref name="now"/>.</summary>
    public JwtClaims? Get(string token, long now, out bool expired) => Get(token.AsSpan(), now, out expired);

    /// <summary>The same for a token still in the request's header (no string made for it).</summary>
    public JwtClaims? Get(ReadOnlySpan<char> token, long now, out bool expired)
    {
        expired = false;
        if (!_bySpan.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (!JwtPayloadReader.IsCurrent(entry.Times, now))
        {
            expired = true;
            _bySpan.TryRemove(token, out _);
            return null;
        }

        return entry.Claims.Clone();
    }

    /// <summary>Remembers a decoded token; <paramref name="claims"/> must never be handed out (hits get copies).</summary>
    public void Add(string token, JwtClaims claims, PayloadTimes times)
    {
        if (token.Length > MaxCharacters / 16)
        {
            return;
        }

        if (Interlocked.Add(ref _characters, token.Length) > MaxCharacters || _entries.Count >= Capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _characters, token.Length);
        }

        _entries.TryAdd(token, new Entry(claims, times));
    }

    private sealed record Entry(JwtClaims Claims, PayloadTimes Times);

    /// <summary>
    /// Ordinal equality of whole tokens; the hash covers their last characters only (the authentication tag and the end
    /// of the ciphertext, random for every token), so a lookup does not hash kilobytes. Only valid tokens are stored, so
    /// crafted tokens sharing a tail cannot crowd a bucket.
    /// </summary>
    private sealed class TokenComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
    {
        public static readonly TokenComparer Instance = new();

        private const int HashedTail = 32;

        // Constant-time: a probe that lands in a cached token's bucket learns nothing from how long the comparison took.
        public bool Equals(string? x, string? y) => x is not null && y is not null && Equals(x.AsSpan(), y);

        public int GetHashCode(string token) => GetHashCode(token.AsSpan());

        public bool Equals(ReadOnlySpan<char> alternate, string other) =>
            ConstantTime.Equals(alternate, other);

        public int GetHashCode(ReadOnlySpan<char> alternate) =>
            string.GetHashCode(alternate[Math.Max(0, alternate.Length - HashedTail)..], StringComparison.Ordinal);

        public string Create(ReadOnlySpan<char> alternate) => new(alternate);
    }
}
