namespace Sesame.Providers.OAuth;

/// <summary>The options of the GitHub preset, with the API's e-mail endpoint.</summary>
internal sealed class GitHubOAuthOptions : OAuthPresetOptions
{
    public string EmailsEndpoint { get; set; } = "";
}
