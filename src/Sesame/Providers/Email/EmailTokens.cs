using System.Security.Cryptography;
using System.Text;
using Sesame.Jwt;

namespace Sesame.Providers.Email;

/// <summary>
/// The link's token and the hash the store keeps (next-auth's <c>sha256hex(token + secret)</c>): a leaked table holds no
/// usable link, and a link is worthless without the app's secret.
/// </summary>
internal sealed class EmailTokens
{
    private readonly string[] _hashSecrets;

    public EmailTokens(SesameSettings settings)
    {
        // next-auth v4 hashes with its one secret; Auth.js v5 with its secret array joined by commas (as CSRF does).
        // With several v4 secrets the first hashes new tokens and the others still verify links sent before a rotation.
        _hashSecrets = settings.Format == JwtFormat.AuthJsV5 ? [string.Join(',', settings.Secrets)] : [.. settings.Secrets];
    }

    /// <summary>The hashes a presented token may be stored under, the current secret's first.</summary>
    public IReadOnlyList<string> HashSecrets => _hashSecrets;

    /// <summary>A new token: 32 random bytes as 64 lower-case hex digits, as next-auth makes them.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Hash(string token) => Hash(token, _hashSecrets[0]);

    public static string Hash(string token, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token + secret)));
}
