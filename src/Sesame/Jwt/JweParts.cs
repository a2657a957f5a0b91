namespace Sesame.Jwt;

/// <summary>
/// The decoded binary parts of a compact JWE. <see cref="MacInput"/> is AAD ‖ IV ‖ ciphertext ‖ AL laid out contiguously,
/// so that A256CBC-HS512 can authenticate it with one HMAC call.
/// </summary>
internal readonly ref struct JweParts
{
    public JweParts(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> macInput)
    {
        Aad = aad;
        Iv = iv;
        Ciphertext = ciphertext;
        Tag = tag;
        MacInput = macInput;
    }

    /// <summary>The ASCII bytes of the protected-header segment as transmitted.</summary>
    public ReadOnlySpan<byte> Aad { get; }

    public ReadOnlySpan<byte> Iv { get; }

    public ReadOnlySpan<byte> Ciphertext { get; }

    public ReadOnlySpan<byte> Tag { get; }

    /// <summary>AAD ‖ IV ‖ ciphertext ‖ AL (the AAD length in bits, 64-bit big-endian).</summary>
    public ReadOnlySpan<byte> MacInput { get; }
}
