using Microsoft.AspNetCore.Authentication.OAuth;

namespace Sesame.Providers.OAuth;

/// <summary>The <see cref="OAuthOptions"/> of the GitHub preset, with the API's e-mail endpoint.</summary>
internal sealed class GitHubOAuthOptions : OAuthOptions
{
    public string EmailsEndpoint { get; set; } = "";

    /// <summary>The Sesame provider id (for the redirect URI on the public URL).</summary>
    public string ProviderId { get; set; } = "";
}
