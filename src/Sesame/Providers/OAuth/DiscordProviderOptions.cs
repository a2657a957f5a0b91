using System.Security.Claims;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The Discord preset (<c>AddDiscord(o => …)</c>): a Discord OAuth2 application on ASP.NET Core's <c>OAuthHandler</c>
/// with PKCE, the user from <c>GET /users/@me</c> mapped as Auth.js's Discord provider maps it: <c>sub</c> the user's
/// id, <c>name</c> the display name (<c>global_name</c>, else <c>username</c>), <c>email</c>, and <c>image</c> the
/// avatar on Discord's CDN (or the default avatar Discord shows for a user without one). Provider id <c>discord</c>;
/// <see cref="ClientId"/> and <see cref="ClientSecret"/> also from <c>AUTH_DISCORD_ID</c> and <c>AUTH_DISCORD_SECRET</c>.
/// </summary>
public sealed class DiscordProviderOptions
{
    /// <summary>The name on the sign-in page.</summary>
    /// <value><c>Discord</c>.</value>
    public string Name { get; set; } = "Discord";

    /// <summary>The application's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The application's client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked for.</summary>
    /// <value><c>identify email</c>.</value>
    public IList<string> Scope { get; } = ["identify", "email"];

    /// <summary>How the client authenticates at the token endpoint (Discord takes either).</summary>
    /// <value><see cref="OAuthClientAuthentication.ClientSecretBasic"/>, next-auth's default.</value>
    public OAuthClientAuthentication ClientAuthentication { get; set; }

    /// <summary>The authorization endpoint.</summary>
    /// <value><c>https://discord.com/api/oauth2/authorize</c>.</value>
    public Uri AuthorizationEndpoint { get; set; } = new("https://discord.com/api/oauth2/authorize");

    /// <summary>The token endpoint.</summary>
    /// <value><c>https://discord.com/api/oauth2/token</c>.</value>
    public Uri TokenEndpoint { get; set; } = new("https://discord.com/api/oauth2/token");

    /// <summary>The API's current-user endpoint.</summary>
    /// <value><c>https://discord.com/api/users/@me</c>.</value>
    public Uri UserEndpoint { get; set; } = new("https://discord.com/api/users/@me");

    /// <summary>How long a call to Discord may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="OAuthProvider.AllowDangerousEmailAccountLinking"/> (Discord's <c>verified</c> marks the e-mail verified).</summary>
    public bool AllowDangerousEmailAccountLinking { get; set; }

    /// <summary>See <see cref="OAuthProvider.Profile"/>.</summary>
    public Func<ClaimsPrincipal, SesameUser, SesameUser>? Profile { get; set; }
}
