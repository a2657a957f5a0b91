using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sesame.Configuration;

/// <summary>
/// Fills what the app left unset from configuration, as next-auth reads its environment: <c>AUTH_SECRET</c> (or
/// <c>NEXTAUTH_SECRET</c>, with <c>AUTH_SECRET_1..3</c> put first for rotation), <c>AUTH_URL</c> (or <c>NEXTAUTH_URL</c>)
/// and <c>AUTH_TRUST_HOST</c>.
/// </summary>
internal sealed class SesameConfigurationDefaults(IConfiguration configuration) : IPostConfigureOptions<SesameOptions>
{
    public void PostConfigure(string? name, SesameOptions options)
    {
        if (options.Secrets.Count == 0)
        {
            // Auth.js order: AUTH_SECRET_3, _2, _1 come before AUTH_SECRET, so the newest numbered secret encodes.
            for (var index = 3; index >= 1; index--)
            {
                if (configuration[$"AUTH_SECRET_{index}"] is { Length: > 0 } numbered)
                {
                    options.Secrets.Add(numbered);
                }
            }

            if ((configuration["AUTH_SECRET"] ?? configuration["NEXTAUTH_SECRET"]) is { Length: > 0 } secret)
            {
                options.Secrets.Add(secret);
            }
        }

        if (options.Url is null && (configuration["AUTH_URL"] ?? configuration["NEXTAUTH_URL"]) is { Length: > 0 } url)
        {
            // next-auth prepends https:// to a URL given without a scheme.
            options.Url = new Uri(url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url, UriKind.RelativeOrAbsolute);
        }

        if (!options.TrustHost && bool.TryParse(configuration["AUTH_TRUST_HOST"], out var trustHost))
        {
            options.TrustHost = trustHost;
        }
    }
}
