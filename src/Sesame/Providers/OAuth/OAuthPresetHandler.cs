using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Http;

namespace Sesame.Providers.OAuth;

/// <summary>
/// ASP.NET Core's OAuth handler as Sesame's plain OAuth 2.0 presets use it: the redirect URI on Sesame's public URL
/// (<c>AUTH_URL</c>), as next-auth's, rather than on the host the request came to; the parameters forwarded from
/// <c>POST /signin/{id}</c>; the user from the user-information endpoint, mapped by the options' claim actions. A preset
/// whose provider needs a second call (GitHub's private e-mail) adds its claims in <see cref="AddClaimsAsync"/>.
/// </summary>
internal class OAuthPresetHandler<TOptions>(IOptionsMonitor<TOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : OAuthHandler<TOptions>(options, logger, encoder)
    where TOptions : OAuthPresetOptions, new()
{
    private string PublicRedirectUri =>
        $"{Context.RequestServices.GetRequiredService<PublicUrls>().BaseUrlOf(Context)}/callback/{Options.ProviderId}";

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var url = base.BuildChallengeUrl(properties, PublicRedirectUri);
        foreach (var (name, value) in OAuthParameters.Of(properties))
        {
            url = QueryHelpers.AddQueryString(url, name, value);
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
        await AddClaimsAsync(identity, tokens.AccessToken!).ConfigureAwait(false);
        await Events.CreatingTicket(context).ConfigureAwait(false);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    /// <summary>Adds what the user-information answer lacks; nothing by default.</summary>
    protected virtual Task AddClaimsAsync(ClaimsIdentity identity, string accessToken) => Task.CompletedTask;

    /// <summary>A GET on the provider's API with the access token; a failure status is an exception (the callback's <c>OAuthCallback</c>).</summary>
    protected async Task<JsonDocument> GetJsonAsync(string endpoint, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Options.ApiMediaType));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Scheme.DisplayName ?? Options.ProviderId} answered {(int)response.StatusCode} at {endpoint}.");
        }

        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Context.RequestAborted).ConfigureAwait(false));
    }
}
