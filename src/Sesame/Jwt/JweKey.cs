using System.Text;

namespace Sesame.Jwt;

/// <summary>
/// One derived content-encryption key with what goes with it: its encryption, its <c>kid</c> and the encoded protected
/// header that tokens made with it carry (cached, so that encoding never serializes a header and decoding can recognise
/// its own headers without parsing them).
/// </summary>
internal abstract class JweKey : IDisposable
{
    protected JweKey(JweEncryption encryption, string? kid)
    {
        Encryption = encryption;
        Kid = kid;
        var header = kid is null
            ? $"{{\"alg\":\"dir\",\"enc\":\"{EncName(encryption)}\"}}"
            : $"{{\"alg\":\"dir\",\"enc\":\"{EncName(encryption)}\",\"kid\":\"{kid}\"}}";
        HeaderSegment = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        HeaderAscii = Encoding.ASCII.GetBytes(HeaderSegment);
    }

    public JweEncryption Encryption { get; }

    /// <summary>The key's thumbprint, or <see langword="null"/> for a next-auth v4 key (v4 headers carry no <c>kid</c>).</summary>
    public string? Kid { get; }

    /// <summary>The base64url protected header for this key.</summary>
    public string HeaderSegment { get; }

    /// <summary>The ASCII bytes of <see cref="HeaderSegment"/>: the AAD.</summary>
    public byte[] HeaderAscii { get; }

    /// <summary>Length of the IV this encryption uses, in bytes.</summary>
    public abstract int IvLength { get; }

    /// <summary>Length of the authentication tag this encryption uses, in bytes.</summary>
    public abstract int TagLength { get; }

    public static string EncName(JweEncryption encryption) => encryption == JweEncryption.A256Gcm ? "A256GCM" : "A256CBC-HS512";

    /// <summary>Encrypts <paramref name="plaintext"/> into a compact JWE with a fresh random IV.</summary>
    public abstract string Encrypt(ReadOnlySpan<byte> plaintext);

    /// <summary>
    /// Authenticates and decrypts. <paramref name="plaintext"/> must be at least as long as the ciphertext.
    /// Returns <see langword="false"/> when the tag does not verify with this key.
    /// </summary>
    public abstract bool TryDecrypt(scoped in JweParts parts, Span<byte> plaintext, out int written);

    public abstract void Dispose();
}
