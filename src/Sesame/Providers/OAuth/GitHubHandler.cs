using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The GitHub preset's handler: the user from <c>GET /user</c>; when its e-mail is private (null), the primary address
/// of <c>GET /user/emails</c>, marked verified as GitHub says.
/// </summary>
internal sealed class GitHubHandler(IOptionsMonitor<GitHubOAuthOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : OAuthPresetHandler<GitHubOAuthOptions>(options, logger, encoder)
{
    protected override async Task AddClaimsAsync(ClaimsIdentity identity, string accessToken)
    {
        if (identity.FindFirst("email") is not null)
        {
            return;
        }

        using var emails = await GetJsonAsync(Options.EmailsEndpoint, accessToken).ConfigureAwait(false);
        if (PrimaryEmail(emails.RootElement) is ({ } email, var verified))
        {
            identity.AddClaim(new Claim("email", email, ClaimValueTypes.String, ClaimsIssuer));
            identity.AddClaim(new Claim("email_verified", verified ? "true" : "false", ClaimValueTypes.Boolean, ClaimsIssuer));
        }
    }

    /// <summary>The primary address (else the first), and whether GitHub verified it.</summary>
    private static (string? Email, bool Verified) PrimaryEmail(JsonElement emails)
    {
        if (emails.ValueKind != JsonValueKind.Array)
        {
            return (null, false);
        }

        JsonElement? chosen = null;
        foreach (var entry in emails.EnumerateArray())
        {
            chosen ??= entry;
            if (entry.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True)
            {
                chosen = entry;
                break;
            }
        }

        if (chosen is not { } e || !e.TryGetProperty("email", out var address) || address.ValueKind != JsonValueKind.String)
        {
            return (null, false);
        }

        return (address.GetString(), e.TryGetProperty("verified", out var verified) && verified.ValueKind == JsonValueKind.True);
    }
}
