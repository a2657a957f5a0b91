namespace Sesame.Providers.OAuth;

/// <summary>
/// The Discord preset (<c>AddDiscord(o => …)</c>): a Discord OAuth2 application on ASP.NET Core's <c>OAuthHandler</c>
/// with PKCE, the user from <c>GET /users/@me</c> mapped as Auth.js's Discord provider maps it: <c>sub</c> the user's
/// id, <c>name</c> the display name (<c>global_name</c>, else <c>username</c>), <c>email</c>, and <c>image</c> the
/// avatar on Discord's CDN (or the default avatar Discord shows for a user without one). Provider id <c>discord</c>,
/// name <c>Discord</c>, scopes <c>identify email</c>, endpoints <c>https://discord.com/api/oauth2/authorize</c>,
/// <c>…/oauth2/token</c> and <c>https://discord.com/api/users/@me</c>; <see cref="OAuthAppProviderOptions.ClientId"/>
/// and <see cref="OAuthAppProviderOptions.ClientSecret"/> also from <c>AUTH_DISCORD_ID</c> and <c>AUTH_DISCORD_SECRET</c>.
/// </summary>
public sealed class DiscordProviderOptions() : OAuthAppProviderOptions(
    "Discord",
    ["identify", "email"],
    new("https://discord.com/api/oauth2/authorize"),
    new("https://discord.com/api/oauth2/token"),
    new("https://discord.com/api/users/@me"))
{
    /// <summary>How the client authenticates at the token endpoint (Discord takes either).</summary>
    /// <value><see cref="OAuthClientAuthentication.ClientSecretBasic"/>, next-auth's default.</value>
    public OAuthClientAuthentication ClientAuthentication { get; set; }

    internal override OAuthClientAuthentication TokenEndpointAuthentication => ClientAuthentication;
}
