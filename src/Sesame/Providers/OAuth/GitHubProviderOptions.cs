using System.Security.Claims;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The GitHub preset (<c>AddGitHub(o => …)</c>): a GitHub OAuth app on ASP.NET Core's <c>OAuthHandler</c>, the user
/// from <c>GET /user</c>, and a private e-mail address from <c>GET /user/emails</c> (the primary one). Provider id
/// <c>github</c>; <see cref="ClientId"/> and <see cref="ClientSecret"/> also from <c>AUTH_GITHUB_ID</c> and
/// <c>AUTH_GITHUB_SECRET</c>. The endpoints are GitHub's (change them for GitHub Enterprise Server).
/// </summary>
public sealed class GitHubProviderOptions
{
    /// <summary>The name on the sign-in page.</summary>
    /// <value><c>GitHub</c>.</value>
    public string Name { get; set; } = "GitHub";

    /// <summary>The OAuth app's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth app's client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked for.</summary>
    /// <value><c>read:user user:email</c>.</value>
    public IList<string> Scope { get; } = ["read:user", "user:email"];

    /// <summary>The authorization endpoint.</summary>
    /// <value><c>https://github.com/login/oauth/authorize</c>.</value>
    public Uri AuthorizationEndpoint { get; set; } = new("https://github.com/login/oauth/authorize");

    /// <summary>The token endpoint.</summary>
    /// <value><c>https://github.com/login/oauth/access_token</c>.</value>
    public Uri TokenEndpoint { get; set; } = new("https://github.com/login/oauth/access_token");

    /// <summary>The API's user endpoint.</summary>
    /// <value><c>https://api.github.com/user</c>.</value>
    public Uri UserEndpoint { get; set; } = new("https://api.github.com/user");

    /// <summary>The API's e-mail addresses endpoint, asked when the profile's e-mail is private.</summary>
    /// <value><c>https://api.github.com/user/emails</c>.</value>
    public Uri EmailsEndpoint { get; set; } = new("https://api.github.com/user/emails");

    /// <summary>How long a call to GitHub may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="OAuthProvider.AllowDangerousEmailAccountLinking"/>.</summary>
    public bool AllowDangerousEmailAccountLinking { get; set; }

    /// <summary>See <see cref="OAuthProvider.Profile"/>.</summary>
    public Func<ClaimsPrincipal, SesameUser, SesameUser>? Profile { get; set; }
}
