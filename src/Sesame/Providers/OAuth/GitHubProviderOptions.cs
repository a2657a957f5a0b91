namespace Sesame.Providers.OAuth;

/// <summary>
/// The GitHub preset (<c>AddGitHub(o => …)</c>): a GitHub OAuth app on ASP.NET Core's <c>OAuthHandler</c>, the user
/// from <c>GET /user</c>, and a private e-mail address from <c>GET /user/emails</c> (the primary one). Provider id
/// <c>github</c>, name <c>GitHub</c>, scopes <c>read:user user:email</c>; <see cref="OAuthAppProviderOptions.ClientId"/>
/// and <see cref="OAuthAppProviderOptions.ClientSecret"/> also from <c>AUTH_GITHUB_ID</c> and <c>AUTH_GITHUB_SECRET</c>.
/// The endpoints are GitHub's, <c>https://github.com/login/oauth/authorize</c>, <c>…/access_token</c> and
/// <c>https://api.github.com/user</c> (change them for GitHub Enterprise Server).
/// </summary>
public sealed class GitHubProviderOptions() : OAuthAppProviderOptions(
    "GitHub",
    ["read:user", "user:email"],
    new("https://github.com/login/oauth/authorize"),
    new("https://github.com/login/oauth/access_token"),
    new("https://api.github.com/user"))
{
    /// <summary>The API's e-mail addresses endpoint, asked when the profile's e-mail is private.</summary>
    /// <value><c>https://api.github.com/user/emails</c>.</value>
    public Uri EmailsEndpoint { get; set; } = new("https://api.github.com/user/emails");

    // GitHub takes the client's credentials in the form (its documented way)
    internal override OAuthClientAuthentication TokenEndpointAuthentication => OAuthClientAuthentication.ClientSecretPost;
}
