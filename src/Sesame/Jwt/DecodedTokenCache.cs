using System.Collections.Concurrent;
using Sesame.Security;

namespace Sesame.Jwt;

/// <summary>
/// Tokens decoded recently, with their claims: a browser presents the same session token on every request until it is
/// re-issued, and decrypting it again (AES through OpenSSL, base64, JSON) costs about a microsecond. Only tokens that
/// decoded are kept; the expiry checks run again on every hit, and every hit gets its own copy of the claims.
/// </summary>
/// <remarks>
/// Bounded in two generations: new tokens go into the current one; when it holds <see cref="Capacity"/> tokens or
/// <see cref="MaxCharacters"/> characters, it becomes the previous one and the oldest generation is dropped. A token
/// found in the previous generation moves to the current one. So every token used within about the last
/// <see cref="Capacity"/> distinct tokens stays (tens of thousands of active sessions keep their hit rate), while
/// memory stays under twice the bound, and nothing is ever cleared all at once. Sound because a token's claims depend
/// only on its exact text and the keys, which never change for a codec.
/// </remarks>
internal sealed class DecodedTokenCache
{
    /// <summary>The most tokens one generation holds.</summary>
    public const int Capacity = 32 * 1024;

    /// <summary>The most token characters one generation holds (16 MB of tokens; chunked tokens are large).</summary>
    public const int MaxCharacters = 8 * 1024 * 1024;

    private Generation _current = new();
    private Generation _previous = new();

    /// <summary>Tokens held, for tests and diagnostics.</summary>
    public int Count => _current.Entries.Count + _previous.Entries.Count;

    /// <summary>A copy of the claims of <paramref name="token"/> if it is known; <paramref name="expired"/> if it is known but no longer valid at <paramref name="now"/>.</summary>
    public JwtClaims? Get(string token, long now, out bool expired) => Get(token.AsSpan(), now, out expired);

    /// <summary>The same for a token still in the request's header (no string made for it).</summary>
    public JwtClaims? Get(ReadOnlySpan<char> token, long now, out bool expired)
    {
        expired = false;
        var current = _current;
        if (!current.BySpan.TryGetValue(token, out var entry))
        {
            var previous = _previous;
            if (!previous.BySpan.TryGetValue(token, out var key, out entry))
            {
                return null;
            }

            // still in use: keep it through the next rotation
            Add(current, key, entry);
        }

        if (!JwtPayloadReader.IsCurrent(entry.Times, now))
        {
            expired = true;
            current.BySpan.TryRemove(token, out _);
            _previous.BySpan.TryRemove(token, out _);
            return null;
        }

        return entry.Claims.Clone();
    }

    /// <summary>Remembers a decoded token; <paramref name="claims"/> must never be handed out (hits get copies).</summary>
    public void Add(string token, JwtClaims claims, PayloadTimes times)
    {
        if (token.Length > MaxCharacters / 64)
        {
            return;
        }

        Add(_current, token, new Entry(claims, times));
    }

    private void Add(Generation generation, string token, Entry entry)
    {
        if (Interlocked.Add(ref generation.Characters, token.Length) > MaxCharacters || generation.Entries.Count >= Capacity)
        {
            // Full: it becomes the previous generation (once, whoever gets here first) and a new one starts.
            var fresh = new Generation();
            if (Interlocked.CompareExchange(ref _current, fresh, generation) == generation)
            {
                _previous = generation;
            }

            generation = _current;
            Interlocked.Add(ref generation.Characters, token.Length);
        }

        generation.Entries.TryAdd(token, entry);
    }

    private sealed record Entry(JwtClaims Claims, PayloadTimes Times);

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<string, Entry> Entries = new(TokenComparer.Instance);
        public readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> BySpan;
        public long Characters;

        public Generation() => BySpan = Entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

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
