using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Tests.Jwt;

/// <summary>
/// A separate, deliberately plain JWE writer for crafting tokens the codec would never write (other headers,
/// payloads without exp, wrong claim types), with the keys from <c>JweKeyDerivation</c>.
/// </summary>
internal static class TestJwe
{
    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string B64(string text) => B64(Encoding.UTF8.GetBytes(text));

    public static byte[] FromB64(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    /// <summary>A next-auth v4 session token (dir, A256GCM, salt "") of <paramref name="payloadJson"/> under <paramref name="secret"/>.</summary>
    public static string NextAuthV4(string secret, string payloadJson) =>
        Gcm(Sesame.Jwt.JweKeyDerivation.DeriveKey(Sesame.Jwt.JwtFormat.NextAuthV4, Sesame.Jwt.JweEncryption.A256Gcm, secret, ""), "{\"alg\":\"dir\",\"enc\":\"A256GCM\"}", payloadJson);

    public static string Gcm(byte[] key, string headerJson, string payloadJson)
    {
        var header = B64(headerJson);
        var iv = RandomNumberGenerator.GetBytes(12);
        var plaintext = Encoding.UTF8.GetBytes(payloadJson);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(header));
        return $"{header}..{B64(iv)}.{B64(ciphertext)}.{B64(tag)}";
    }

    public static string Cbc(byte[] key, string headerJson, string payloadJson)
    {
        var header = B64(headerJson);
        var aad = Encoding.ASCII.GetBytes(header);
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = key[32..];
        var ciphertext = aes.EncryptCbc(Encoding.UTF8.GetBytes(payloadJson), iv);
        var al = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(al, (ulong)aad.Length * 8);
        byte[] macInput = [.. aad, .. iv, .. ciphertext, .. al];
        var mac = HMACSHA512.HashData(key[..32], macInput);
        return $"{header}..{B64(iv)}.{B64(ciphertext)}.{B64(mac[..32])}";
    }
}
