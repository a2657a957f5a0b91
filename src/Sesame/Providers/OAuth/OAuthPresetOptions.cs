using Microsoft.AspNetCore.Authentication.OAuth;

namespace Sesame.Providers.OAuth;

/// <summary>The <see cref="OAuthOptions"/> of a plain OAuth 2.0 preset (GitHub, Discord) on <see cref="OAuthPresetHandler{TOptions}"/>.</summary>
internal class OAuthPresetOptions : OAuthOptions
{
    /// <summary>The Sesame provider id (for the redirect URI on the public URL).</summary>
    public string ProviderId { get; set; } = "";

    /// <summary>The <c>Accept</c> header of the API calls (GitHub asks for its own media type).</summary>
    public string ApiMediaType { get; set; } = "application/json";
}
