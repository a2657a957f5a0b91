using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Sesame.Sessions;

/// <summary>Database-strategy session tokens: 256 random bits in the cookie, and the key the store finds the row by.</summary>
internal static class SessionTokens
{
    /// <summary>The longest cookie value looked up at all; anything longer is not a token of ours or next-auth's.</summary>
    public const int MaxLength = 512;

    /// <summary>A new token: 32 bytes from the CSPRNG, base64url (43 characters).</summary>
    public static string NewToken()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }

    /// <summary>The store key of a token: its SHA-256 in lowercase hex, or the token itself in next-auth-compatible mode.</summary>
    public static string KeyOf(string token, bool hash)
    {
        if (!hash)
        {
            return token;
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        return Convert.ToHexStringLower(digest);
    }
}
