using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Jwt;

/// <summary>
/// next-auth's key derivation (protocol §5.2): HKDF-SHA-256 over the UTF-8 secret, salted with the UTF-8 salt, with an
/// info string that depends on the format. Also the RFC 7638 thumbprint Auth.js puts in the header's <c>kid</c>.
/// </summary>
internal static class JweKeyDerivation
{
    private const string V4Info = "NextAuth.js Generated Encryption Key";
    private const string V5Info = "Auth.js Generated Encryption Key";

    /// <summary>The HKDF info string: v4 adds <c> ({salt})</c> only for a non-empty salt, v5 always does.</summary>
    public static string Info(JwtFormat format, string salt) => format switch
    {
        JwtFormat.NextAuthV4 => salt.Length == 0 ? V4Info : $"{V4Info} ({salt})",
        _ => $"{V5Info} ({salt})",
    };

    /// <summary>The key length an encryption needs: 32 bytes for A256GCM, 64 for A256CBC-HS512 (MAC key then AES key).</summary>
    public static int KeyLength(JweEncryption encryption) => encryption == JweEncryption.A256Gcm ? 32 : 64;

    /// <summary>Derives the content-encryption key for <paramref name="secret"/> and <paramref name="salt"/>.</summary>
    public static byte[] DeriveKey(JwtFormat format, JweEncryption encryption, string secret, string salt)
    {
        var key = new byte[KeyLength(encryption)];
        // An empty salt is the RFC 5869 default (HashLen zero bytes): HMAC pads a short key with zeros, so both are the same.
        HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            Encoding.UTF8.GetBytes(secret),
            key,
            Encoding.UTF8.GetBytes(salt),
            Encoding.UTF8.GetBytes(Info(format, salt)));
        return key;
    }

    /// <summary>
    /// The RFC 7638 JWK thumbprint of a symmetric key, as Auth.js computes its <c>kid</c>: base64url of the hash of
    /// <c>{"k":"…","kty":"oct"}</c>, with SHA-512 for a 64-byte key and SHA-256 otherwise.
    /// </summary>
    public static string Thumbprint(ReadOnlySpan<byte> key)
    {
        var jwk = "{\"k\":\"" + Base64Url.EncodeToString(key) + "\",\"kty\":\"oct\"}";
        var utf8 = Encoding.UTF8.GetBytes(jwk);
        return Base64Url.EncodeToString(key.Length == 64 ? SHA512.HashData(utf8) : SHA256.HashData(utf8));
    }
}
