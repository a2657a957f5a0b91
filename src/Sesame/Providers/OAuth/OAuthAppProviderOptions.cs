using System.Security.Claims;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>
/// What the plain OAuth 2.0 presets (<see cref="GitHubProviderOptions"/>, <see cref="DiscordProviderOptions"/>) have in
/// common: an OAuth app's client, its endpoints and scopes, on ASP.NET Core's <c>OAuthHandler</c> with PKCE. The client
/// id and secret also come from <c>AUTH_{ID}_ID</c> and <c>AUTH_{ID}_SECRET</c>; without them the app stops at start-up.
/// </summary>
public abstract class OAuthAppProviderOptions
{
    private protected OAuthAppProviderOptions(string name, string[] scope, Uri authorizationEndpoint, Uri tokenEndpoint, Uri userEndpoint)
    {
        Name = name;
        Scope = [.. scope];
        AuthorizationEndpoint = authorizationEndpoint;
        TokenEndpoint = tokenEndpoint;
        UserEndpoint = userEndpoint;
    }

    /// <summary>The name on the sign-in page and in <c>/providers</c>.</summary>
    public string Name { get; set; }

    /// <summary>The OAuth app's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth app's client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked for.</summary>
    public IList<string> Scope { get; }

    /// <summary>The authorization endpoint.</summary>
    public Uri AuthorizationEndpoint { get; set; }

    /// <summary>The token endpoint.</summary>
    public Uri TokenEndpoint { get; set; }

    /// <summary>The API's endpoint that describes the signed-in user.</summary>
    public Uri UserEndpoint { get; set; }

    /// <summary>How long a call to the provider may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="OAuthProvider.AllowDangerousEmailAccountLinking"/>.</summary>
    public bool AllowDangerousEmailAccountLinking { get; set; }

    /// <summary>See <see cref="OAuthProvider.Profile"/>.</summary>
    public Func<ClaimsPrincipal, SesameUser, SesameUser>? Profile { get; set; }

    /// <summary>How the preset's client authenticates at the token endpoint.</summary>
    internal abstract OAuthClientAuthentication TokenEndpointAuthentication { get; }
}
