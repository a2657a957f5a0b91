using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Http;

namespace Sesame.Providers.OAuth;

/// <summary>
/// ASP.NET Core's OAuth handler for GitHub: the user from <c>GET /user</c>; when its e-mail is private (null), the
/// primary address of <c>GET /user/emails</c>, marked verified as GitHub says. The redirect URI is on Sesame's public
/// URL (<c>AUTH_URL</c>), as next-auth's, rather than on the host the request came to.
/// </summary>
internal sealed class GitHubHandler(IOptionsMonitor<GitHubOAuthOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : OAuthHandler<GitHubOAuthOptions>(options, logger, encoder)
{
    private string PublicRedirectUri =>
        $"{Context.RequestServices.GetRequiredService<PublicUrls>().BaseUrlOf(Context)}/callback/{Options.ProviderId}";

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var url = base.BuildChallengeUrl(properties, PublicRedirectUri);
        foreach (var (name, value) in OAuthParameters.Of(properties))
        {
            url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(url, name, value);
        }

        return url;
    }

    protected override Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context) =>
        base.ExchangeCodeAsync(new OAuthCodeExchangeContext(context.Properties, context.Code, PublicRedirectUri));

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        using var user = await GetJsonAsync(Options.UserInformationEndpoint, tokens.AccessToken!).ConfigureAwait(false);
        var context = new OAuthCreatingTicketContext(new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, user.RootElement);
        context.RunClaimActions();

        if (identity.FindFirst("email") is null)
        {
            using var emails = await GetJsonAsync(Options.EmailsEndpoint, tokens.AccessToken!).ConfigureAwait(false);
            if (PrimaryEmail(emails.RootElement) is ({ } email, var verified))
            {
                identity.AddClaim(new Claim("email", email, ClaimValueTypes.String, ClaimsIssuer));
                identity.AddClaim(new Claim("email_verified", verified ? "true" : "false", ClaimValueTypes.Boolean, ClaimsIssuer));
            }
        }

        await Events.CreatingTicket(context).ConfigureAwait(false);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    private async Task<JsonDocument> GetJsonAsync(string endpoint, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GitHub answered {(int)response.StatusCode} at {endpoint}.");
        }

        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Context.RequestAborted).ConfigureAwait(false));
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
