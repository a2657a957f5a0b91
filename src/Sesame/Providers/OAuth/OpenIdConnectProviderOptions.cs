using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>
/// A generic OpenID Connect provider (<c>AddOpenIdConnect(id, o => …)</c>): endpoints and keys from the issuer's
/// discovery document, the authorization-code flow with PKCE (S256), <c>state</c> and <c>nonce</c>, the code in the
/// query, the ID token validated by ASP.NET Core's <see cref="OpenIdConnectHandler"/>. <see cref="ClientId"/>,
/// <see cref="ClientSecret"/> and <see cref="Issuer"/> also come from configuration, the Auth.js v5 way:
/// <c>AUTH_{ID}_ID</c>, <c>AUTH_{ID}_SECRET</c>, <c>AUTH_{ID}_ISSUER</c> (the id upper-cased, <c>-</c> as <c>_</c>).
/// </summary>
public sealed class OpenIdConnectProviderOptions
{
    /// <summary>The name on the sign-in page and in <c>/providers</c>.</summary>
    /// <value><c>OpenID Connect</c>.</value>
    public string Name { get; set; } = "OpenID Connect";

    /// <summary>
    /// The issuer URL (discovery at <c>{issuer}/.well-known/openid-configuration</c>). Must be https, except on a
    /// loopback address (development identity providers).
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>A preset's issuer, used when neither <see cref="Issuer"/> nor <c>AUTH_{ID}_ISSUER</c> gives one.</summary>
    internal Uri? DefaultIssuer { get; init; }

    /// <summary>The client id registered at the identity provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked for.</summary>
    /// <value><c>openid email profile</c>.</value>
    public IList<string> Scope { get; } = ["openid", "email", "profile"];

    /// <summary>How the client authenticates at the token endpoint.</summary>
    /// <value><see cref="OAuthClientAuthentication.ClientSecretBasic"/>, next-auth's default.</value>
    public OAuthClientAuthentication ClientAuthentication { get; set; }

    /// <summary>Whether the user-info endpoint is asked for claims the ID token lacks.</summary>
    /// <value><see langword="true"/>.</value>
    public bool GetClaimsFromUserInfoEndpoint { get; set; } = true;

    /// <summary>How long a call to the identity provider (discovery, keys, token, user info) may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="OAuthProvider.AllowDangerousEmailAccountLinking"/>.</summary>
    public bool AllowDangerousEmailAccountLinking { get; set; }

    /// <summary>See <see cref="OAuthProvider.Profile"/>.</summary>
    public Func<ClaimsPrincipal, SesameUser, SesameUser>? Profile { get; set; }

    /// <summary>
    /// Changes any option of the underlying handler after Sesame set its own (prompt, extra scopes, events); Sesame's
    /// callback path, sign-in scheme and failure handling stay.
    /// </summary>
    public Action<OpenIdConnectOptions>? ConfigureHandler { get; set; }

    /// <summary>
    /// A preset's events (the Apple preset's name from the <c>user</c> field), attached after <see cref="ConfigureHandler"/>
    /// so that an app that replaces the handler's events keeps them, as it keeps Sesame's own.
    /// </summary>
    internal Action<OpenIdConnectEvents>? AttachPresetEvents { get; init; }
}
