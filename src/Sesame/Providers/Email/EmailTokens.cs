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

    /// <summary>
    /// The secrets a presented token's stored hash may be made with, the one for new tokens first: the provider's own
    /// secret when it has one, else the app's.
    /// </summary>
    public IReadOnlyList<string> HashSecretsOf(EmailProvider provider) => provider.Secret is { } secret ? [secret] : _hashSecrets;

    /// <summary>A new token: 32 random bytes as 64 lower-case hex digits, as next-auth makes them.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored hash of a new token of <paramref name="provider"/>.</summary>
    public string Hash(EmailProvider provider, string token) => Hash(token, HashSecretsOf(provider)[0]);

    public static string Hash(string token, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token + secret)));
}
