namespace Sesame.Jwt;

/// <summary>
/// The keys derived from every configured secret for one salt, in the secrets' order (element 0 encodes).
/// Built once per salt and cached by <see cref="NextAuthJwtCodec"/>: HKDF and thumbprints never run per request.
/// </summary>
internal sealed class JweKeyRing : IDisposable
{
    private JweKeyRing(JweKey[] keys, JweKey[] v5GcmKeys, string? sharedHeader)
    {
        Keys = keys;
        V5GcmKeys = v5GcmKeys;
        SharedHeader = sharedHeader;
    }

    /// <summary>The format's own keys, one per secret: A256GCM for v4, A256CBC-HS512 for v5.</summary>
    public JweKey[] Keys { get; }

    /// <summary>v5 only: the 32-byte A256GCM keys (derived with the Auth.js info) that @auth/core also accepts on decode.</summary>
    public JweKey[] V5GcmKeys { get; }

    /// <summary>v4: the one header segment all keys share (no <c>kid</c>); <see langword="null"/> for v5.</summary>
    public string? SharedHeader { get; }

    public static JweKeyRing Create(JwtFormat format, IReadOnlyList<string> secrets, string salt)
    {
        var keys = new JweKey[secrets.Count];
        if (format == JwtFormat.NextAuthV4)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                // next-auth v4 ignores kid: its headers have none, so none is written or required
                keys[i] = new AesGcmJweKey(JweKeyDerivation.DeriveKey(format, JweEncryption.A256Gcm, secrets[i], salt), kid: null);
            }

            return new JweKeyRing(keys, [], keys.Length > 0 ? keys[0].HeaderSegment : null);
        }

        var gcmKeys = new JweKey[secrets.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var cbc = JweKeyDerivation.DeriveKey(format, JweEncryption.A256CbcHs512, secrets[i], salt);
            keys[i] = new AesCbcHmacJweKey(cbc, JweKeyDerivation.Thumbprint(cbc));
            var gcm = JweKeyDerivation.DeriveKey(format, JweEncryption.A256Gcm, secrets[i], salt);
            gcmKeys[i] = new AesGcmJweKey(gcm, JweKeyDerivation.Thumbprint(gcm));
        }

        return new JweKeyRing(keys, gcmKeys, sharedHeader: null);
    }

    /// <summary>
    /// Finds the keys to try for a token whose header segment is exactly one this ring writes (the usual case: our own
    /// tokens, and next-auth's, whose headers are byte-identical): no header parsing needed.
    /// </summary>
    public ReadOnlySpan<JweKey> MatchHeader(ReadOnlySpan<char> headerSegment)
    {
        if (SharedHeader is not null)
        {
            return headerSegment.SequenceEqual(SharedHeader) ? Keys : default;
        }

        for (var i = 0; i < Keys.Length; i++)
        {
            if (headerSegment.SequenceEqual(Keys[i].HeaderSegment))
            {
                return Keys.AsSpan(i, 1);
            }
        }

        return default;
    }

    /// <summary>
    /// Selects keys from a parsed header (protocol §5.4). v4: every key, in order (GCM tags tell them apart).
    /// v5: with no <c>kid</c> the first secret's key, else the key whose thumbprint is the <c>kid</c>; none → empty.
    /// </summary>
    public ReadOnlySpan<JweKey> Select(JwtFormat format, JweEncryption encryption, string? kid)
    {
        if (format == JwtFormat.NextAuthV4)
        {
            return encryption == JweEncryption.A256Gcm ? Keys : default;
        }

        var candidates = encryption == JweEncryption.A256Gcm ? V5GcmKeys : Keys;
        if (candidates.Length == 0)
        {
            return default;
        }

        if (kid is null)
        {
            return candidates.AsSpan(0, 1);
        }

        for (var i = 0; i < candidates.Length; i++)
        {
            if (string.Equals(candidates[i].Kid, kid, StringComparison.Ordinal))
            {
                return candidates.AsSpan(i, 1);
            }
        }

        return default;
    }

    public void Dispose()
    {
        foreach (var key in Keys)
        {
            key.Dispose();
        }

        foreach (var key in V5GcmKeys)
        {
            key.Dispose();
        }
    }
}
