using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Sesame.Caching;

namespace Sesame.Csrf;

/// <summary>
/// next-auth's double-submit CSRF protection: the cookie holds <c>token|sha256hex(token + secret)</c>, the form posts
/// <c>csrfToken</c>, and a POST is verified when the posted token equals the cookie's token and the cookie's hash is ours.
/// </summary>
internal sealed class CsrfProtection
{
    private const int TokenHexLength = 64;

    // Browsers send the same cookie on every request until it changes: remember this many per generation (see RecentValues).
    internal const int MaxVerifiedCookies = 32 * 1024;

    // Random bytes for new tokens, fetched from the OS generator many tokens at a time: each call to it costs about as
    // much (some 600 ns through OpenSSL) whether it asks for 32 bytes or 2 kB. Handed-out bytes are wiped at once.
    private const int RandomBatchBytes = 2048;

    private readonly byte[][] _secrets;
    private readonly Lock _randomLock = new();
    private readonly byte[] _random = new byte[RandomBatchBytes];
    private int _randomUsed = RandomBatchBytes;

    // Cookie values whose hash checked out, with their token: the hash depends only on the token and the secrets, which
    // never change, so a value verified once stays verified. A forged value is never remembered.
    private readonly RecentValues<string> _verified = new(MaxVerifiedCookies);

    /// <param name="hashSecrets">
    /// The secret strings the hash is made with, first one for new cookies. next-auth v4 hashes with its one secret;
    /// Auth.js v5 hashes with its secret array joined by commas, so the caller passes that joined string.
    /// </param>
    public CsrfProtection(IReadOnlyList<string> hashSecrets)
    {
        _secrets = new byte[hashSecrets.Count][];
        for (var index = 0; index < hashSecrets.Count; index++)
        {
            _secrets[index] = Encoding.UTF8.GetBytes(hashSecrets[index]);
        }
    }

    /// <summary>How many verified cookie values are remembered now (never more than twice the bound; for tests).</summary>
    internal int RememberedCount => _verified.Count;

    /// <summary>The token of a cookie value whose hash checks out, or <see langword="null"/>.</summary>
    public string? ReadCookie(string? cookieValue)
    {
        if (cookieValue is null || cookieValue.Length != TokenHexLength * 2 + 1 || cookieValue[TokenHexLength] != '|')
        {
            return null;
        }

        // SHA-256 costs more than a lookup (through OpenSSL, about half a microsecond for these 100 bytes)
        // Stryker disable once Block : equivalent, hashing verifies the same value to the same token (tests/mutation-equivalents.md)
        if (_verified.TryGetValue(cookieValue, out var known))
        {
            return known;
        }

        var token = cookieValue.AsSpan(0, TokenHexLength);
        var hash = cookieValue.AsSpan(TokenHexLength + 1);
        Span<char> expected = stackalloc char[TokenHexLength];
        foreach (var secret in _secrets)
        {
            Hash(token, secret, expected);
            if (CryptographicOperations.FixedTimeEquals(MemoryMarshalBytes(expected), MemoryMarshalBytes(hash)))
            {
                var verified = token.ToString();
                _verified.Add(cookieValue, verified);
                return verified;
            }
        }

        return null;
    }

    /// <summary>
    /// <see cref="ReadCookie(string?)"/> for the value as the browser sent it (before percent-decoding): the usual
    /// <c>token%7Chash</c> (as Sesame and next-auth set it) is checked without decoding it into a new string.
    /// </summary>
    public string? ReadRawCookie(ReadOnlySpan<char> raw)
    {
        const int Length = TokenHexLength * 2 + 1;
        if (raw.Length == Length + 2 && raw[TokenHexLength] == '%' && raw[TokenHexLength + 1] == '7' && (raw[TokenHexLength + 2] | 0x20) == 'c')
        {
            // %7C decoded is the '|' put back. Another escape in the token or hash cannot verify either way: kept as it is
            // here, it is no hex (ReadCookie's hash check fails); decoded, the value is shorter than a cookie's.
            Span<char> value = stackalloc char[Length];
            raw[..TokenHexLength].CopyTo(value);
            value[TokenHexLength] = '|';
            raw[(TokenHexLength + 3)..].CopyTo(value[(TokenHexLength + 1)..]);
            return _verified.TryGetValue(value, out var known) ? known : ReadCookie(new string(value));
        }

        return ReadCookie(Cookies.HeaderRequestCookies.Decode(raw));
    }

    /// <summary>A new token and the cookie value that carries it.</summary>
    public (string Token, string CookieValue) Mint()
    {
        Span<byte> random = stackalloc byte[32];
        FillRandom(random);
        var token = Convert.ToHexStringLower(random);
        Span<char> hash = stackalloc char[TokenHexLength];
        Hash(token, _secrets[0], hash);
        return (token, string.Concat(token, "|", hash));
    }

    /// <summary>
    /// Replaces the browser's CSRF token with a new one (at sign-in and sign-out): a token planted in the browser
    /// before, or read by someone else, does not carry over into the new session or past its end. Clients that fetch
    /// the token before each state-changing call (next-auth's do) never notice.
    /// </summary>
    public void Renew(Microsoft.AspNetCore.Http.HttpResponse response, Cookies.CookieSpec cookie) => cookie.Append(response, Mint().CookieValue);

    /// <summary>Whether the posted token equals the cookie's token, compared in constant time.</summary>
    public static bool Matches(string cookieToken, string? postedToken) =>
        postedToken is not null && postedToken.Length == cookieToken.Length &&
        CryptographicOperations.FixedTimeEquals(MemoryMarshalBytes(cookieToken), MemoryMarshalBytes(postedToken));

    /// <summary>Fills <paramref name="destination"/> with bytes of the OS's cryptographic random generator.</summary>
    private void FillRandom(Span<byte> destination)
    {
        lock (_randomLock)
        {
            if (_randomUsed + destination.Length > _random.Length)
            {
                RandomNumberGenerator.Fill(_random);
                _randomUsed = 0;
            }

            var next = _random.AsSpan(_randomUsed, destination.Length);
            next.CopyTo(destination);
            next.Clear();
            _randomUsed += destination.Length;
        }
    }

    /// <summary>The hash next-auth stores next to the token: lowercase hex SHA-256 of <c>token + secret</c>.</summary>
    internal static string HashHex(string token, string secret)
    {
        Span<char> hash = stackalloc char[TokenHexLength];
        Hash(token, Encoding.UTF8.GetBytes(secret), hash);
        return hash.ToString();
    }

    private static void Hash(ReadOnlySpan<char> token, byte[] secret, Span<char> destination)
    {
        var length = TokenHexLength + secret.Length;
        // Stryker disable once all : equivalent, only where the bytes to hash live (stack or heap)
        Span<byte> input = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(token, input);
        secret.CopyTo(input[written..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input[..(written + secret.Length)], digest);
        Convert.TryToHexStringLower(digest, destination, out _);
    }

    private static ReadOnlySpan<byte> MemoryMarshalBytes(ReadOnlySpan<char> chars) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(chars);
}
