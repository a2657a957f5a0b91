using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sesame.Serialization;

namespace Sesame.Jwt;

/// <summary>
/// The session-token codec of next-auth v4 (<c>next-auth/jwt</c>) and Auth.js v5 (<c>@auth/core/jwt</c>): a compact JWE
/// with <c>alg: dir</c>, keyed by HKDF from the secret and a salt (protocol §5). Tokens it writes are read by those
/// libraries and the other way round.
/// </summary>
/// <remarks>
/// Encoding uses the first secret; decoding accepts a token made with any of them, so a new secret can be put first
/// while tokens made with the old one stay valid until they expire (secret rotation). Keys are derived once per salt
/// and cached, and so are the claims of tokens decoded recently (a browser sends the same token until it is re-issued):
/// a known token is not decrypted again, its expiry is checked again, and each caller gets its own copy of the claims.
/// Thread-safe.
/// </remarks>
public sealed class NextAuthJwtCodec : IJwtCodec, ITimedJwtCodec
{
    /// <summary>Longest token accepted, in characters. A session cookie is chunked at about 4 kB per cookie; 64 KiB leaves room for 16 chunks.</summary>
    public const int MaxTokenLength = 64 * 1024;

    // salts come from cookie names in configuration, so there are few; past this many, keys are derived per call
    private const int MaxCachedSalts = 64;

    private readonly string[] _secrets;
    private readonly JwtFormat _format;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, JweKeyRing> _rings = new(StringComparer.Ordinal);

    /// <summary>Creates a codec.</summary>
    /// <param name="secrets">The secrets, newest first: the first encodes, all decode. At least one, none empty.</param>
    /// <param name="format">The token format (next-auth v4 or Auth.js v5).</param>
    /// <param name="timeProvider">The clock for <c>iat</c>/<c>exp</c> and for expiry checks.</param>
    /// <exception cref="ArgumentException">No secret, or an empty one.</exception>
    public NextAuthJwtCodec(IReadOnlyList<string> secrets, JwtFormat format, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one secret is required.", nameof(secrets));
        }

        _secrets = new string[secrets.Count];
        for (var i = 0; i < _secrets.Length; i++)
        {
            if (string.IsNullOrEmpty(secrets[i]))
            {
                throw new ArgumentException("Secrets must not be null or empty.", nameof(secrets));
            }

            _secrets[i] = secrets[i];
        }

        if (format is not (JwtFormat.NextAuthV4 or JwtFormat.AuthJsV5))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown token format.");
        }

        _format = format;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Encode(JwtClaims claims, TimeSpan maxAge, string salt)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(salt);

        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        claims.IssuedAt = now;
        // no overflow: TimeSpan.MaxValue is 9.2e11 s, the year 9999 2.5e11 s past 1970
        claims.ExpiresAt = now + (maxAge.Ticks / TimeSpan.TicksPerSecond);
        claims.TokenId = Guid.NewGuid().ToString(); // Guid.NewGuid is a random (version 4) UUID

        using var plaintext = new PooledBufferWriter(512);
        using (var writer = new Utf8JsonWriter(plaintext))
        {
            JsonSerializer.Serialize(writer, claims, JwtJsonContext.Default.JwtClaims);
        }

        var ring = GetRing(salt, out var transient);
        try
        {
            return ring.Keys[0].Encrypt(plaintext.WrittenSpan);
        }
        finally
        {
            // Stryker disable once Block,Statement : equivalent, it only frees a key ring made for this call (tests/mutation-equivalents.md)
            if (transient)
            {
                ring.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public JwtClaims? Decode(string token, string salt) => Decode(token, salt, out _);

    /// <summary>Decodes a token and says until when its claims stay valid (for the decoded-token memo).</summary>
    JwtClaims? ITimedJwtCodec.Decode(string token, string salt, out PayloadTimes times) => Decode(token, salt, out times);

    private JwtClaims? Decode(string token, string salt, out PayloadTimes times)
    {
        times = default;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || salt is null)
        {
            return null;
        }

        // header . encryptedKey . iv . ciphertext . tag: exactly five parts (a sixth holds the rest), the key empty as
        // "dir" has none. An empty or oversized part fails where it is read (header, base64url lengths, the tag).
        var span = token.AsSpan();
        Span<Range> parts = stackalloc Range[6];
        if (span.Split(parts, '.') != 5 || !span[parts[1]].IsEmpty)
        {
            return null;
        }

        var header = span[parts[0]];
        var ivText = span[parts[2]];
        var ciphertextText = span[parts[3]];
        var tagText = span[parts[4]];
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var ring = GetRing(salt, out var transient);
        try
        {
            var keys = ring.MatchHeader(header);
            if (keys.IsEmpty)
            {
                if (!JweHeaderReader.TryRead(header, out var encryption, out var kid))
                {
                    return null;
                }

                keys = ring.Select(_format, encryption, kid);
                if (keys.IsEmpty)
                {
                    return null;
                }
            }

            return Decrypt(keys, header, ivText, ciphertextText, tagText, now, out times);
        }
        finally
        {
            // Stryker disable once Block,Statement : equivalent, it only frees a key ring made for this call
            if (transient)
            {
                ring.Dispose();
            }
        }
    }

    /// <summary>The number of salts whose keys are kept (test hook: the bound).</summary>
    internal int CachedSaltCount => _rings.Count;

    /// <summary>The keys for <paramref name="salt"/> (test hook: key derivation and kid are checked against the vectors).</summary>
    internal JweKeyRing GetRing(string salt) => GetRing(salt, out _);

    private static JwtClaims? Decrypt(ReadOnlySpan<JweKey> keys, ReadOnlySpan<char> header, ReadOnlySpan<char> ivText, ReadOnlySpan<char> ciphertextText, ReadOnlySpan<char> tagText, long now, out PayloadTimes times)
    {
        times = default;
        var ivLength = keys[0].IvLength;
        var tagLength = keys[0].TagLength;
        Span<byte> iv = stackalloc byte[16];
        Span<byte> tag = stackalloc byte[32];
        // exact lengths first: a wrong IV or tag length costs no decryption (a longer one does not fit its buffer)
        if (!CompactJwe.TryDecode(ivText, iv, out var ivWritten) || ivWritten != ivLength
            || !CompactJwe.TryDecode(tagText, tag, out var tagWritten) || tagWritten != tagLength)
        {
            return null;
        }

        var maxCiphertext = Base64Url.GetMaxDecodedLength(ciphertextText.Length);
        // buffer = AAD ‖ IV ‖ ciphertext ‖ AL ‖ plaintext; the first four are the A256CBC-HS512 MAC input, contiguous
        var size = header.Length + ivLength + maxCiphertext + 8 + maxCiphertext;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var plaintextLength = 0;
        var plaintextStart = 0;
        try
        {
            var aad = buffer.AsSpan(0, header.Length);
            if (Encoding.ASCII.GetBytes(header, aad) != header.Length)
            {
                return null;
            }

            iv[..ivLength].CopyTo(buffer.AsSpan(header.Length));
            var ciphertextStart = header.Length + ivLength;
            if (!CompactJwe.TryDecode(ciphertextText, buffer.AsSpan(ciphertextStart, maxCiphertext), out var ciphertextLength))
            {
                return null;
            }

            AesCbcHmacJweKey.WriteAl(buffer.AsSpan(ciphertextStart + ciphertextLength, 8), header.Length);
            var parts = new JweParts(
                aad,
                buffer.AsSpan(header.Length, ivLength),
                buffer.AsSpan(ciphertextStart, ciphertextLength),
                tag[..tagLength],
                buffer.AsSpan(0, ciphertextStart + ciphertextLength + 8));
            plaintextStart = ciphertextStart + ciphertextLength + 8;
            var plaintext = buffer.AsSpan(plaintextStart, ciphertextLength);

            // v4 tries every secret in order: the GCM tag tells which one made the token; v5 has picked one key by kid
            foreach (var key in keys)
            {
                if (key.TryDecrypt(parts, plaintext, out plaintextLength))
                {
                    return JwtPayloadReader.Read(plaintext[..plaintextLength], now, out times);
                }
            }

            return null;
        }
        finally
        {
            // the plaintext held the claims in clear text
            buffer.AsSpan(plaintextStart, plaintextLength).Clear();
            // Stryker disable once Statement : equivalent, a buffer not returned is only not reused
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private JweKeyRing GetRing(string salt, out bool transient)
    {
        transient = false;
        // Stryker disable once Block : equivalent, without the shortcut a known salt's new ring loses the TryAdd below
        if (_rings.TryGetValue(salt, out var ring))
        {
            return ring;
        }

        if (_rings.Count >= MaxCachedSalts)
        {
            // Stryker disable once Boolean : equivalent, a ring not disposed is only freed later, by the collector
            transient = true;
            return JweKeyRing.Create(_format, _secrets, salt);
        }

        ring = JweKeyRing.Create(_format, _secrets, salt);
        if (_rings.TryAdd(salt, ring))
        {
            return ring;
        }

        // Stryker disable once Statement : two first uses of one salt at once, not reproducible in a test
        ring.Dispose(); // another thread won the race
        return _rings[salt];
    }
}
