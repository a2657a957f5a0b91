using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The Apple preset ("Sign in with Apple", <c>AddApple(o => …)</c>): the OpenID Connect provider with issuer
/// <c>https://appleid.apple.com</c>, scopes <c>name email</c>, <c>response_mode=form_post</c> (Apple requires it when
/// asking for the name or e-mail), <c>client_secret_post</c>, and Apple's client secret: a JWT (ES256) that Sesame signs
/// with the team's <c>.p8</c> key (<see cref="TeamId"/>, <see cref="KeyId"/>, <see cref="PrivateKey"/> or
/// <see cref="PrivateKeyProvider"/>), or a ready-made one (<see cref="ClientSecret"/>). Provider id <c>apple</c>, name
/// <c>Apple</c>, type <c>oauth</c>. The client id is the Services ID; it and the secret also come from
/// <c>AUTH_APPLE_ID</c> and <c>AUTH_APPLE_SECRET</c>, the team, key id and key from <c>AUTH_APPLE_TEAM_ID</c>,
/// <c>AUTH_APPLE_KEY_ID</c> and <c>AUTH_APPLE_PRIVATE_KEY</c>.
/// </summary>
public sealed class AppleProviderOptions
{
    /// <summary>The longest lifetime Apple accepts for a client secret: 15,777,000 seconds (six months).</summary>
    public static readonly TimeSpan MaxClientSecretLifetime = TimeSpan.FromSeconds(15_777_000);

    /// <summary>The name on the sign-in page and in <c>/providers</c>.</summary>
    /// <value><c>Apple</c>.</value>
    public string Name { get; set; } = "Apple";

    /// <summary>
    /// The issuer (discovery, keys, token endpoint), for a proxy or a test server. The client secret's <c>aud</c> stays
    /// <c>https://appleid.apple.com</c>.
    /// </summary>
    /// <value><c>https://appleid.apple.com</c>.</value>
    public Uri? Issuer { get; set; }

    /// <summary>The Services ID (for example <c>com.example.web</c>): the client id, and the client secret's <c>sub</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// A ready-made client secret (a JWT signed with the team's key, at most six months valid), as next-auth takes it.
    /// Sesame checks at start-up that it has not expired; it does not renew it. Leave it unset to let Sesame sign one from
    /// <see cref="TeamId"/>, <see cref="KeyId"/> and <see cref="PrivateKey"/>.
    /// </summary>
    public string? ClientSecret { get; set; }

    /// <summary>The Apple Developer team id: the client secret's <c>iss</c>.</summary>
    public string? TeamId { get; set; }

    /// <summary>The id of the Sign in with Apple key: the client secret's header <c>kid</c>.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// The key's <c>.p8</c> file, as PEM text (<c>-----BEGIN PRIVATE KEY-----</c> …). Escaped line breaks (<c>\n</c>, as
    /// a <c>.env</c> file holds them) are read as line breaks.
    /// </summary>
    public string? PrivateKey { get; set; }

    /// <summary>
    /// Loads the <c>.p8</c> key's PEM text at the first token request instead (from a key vault, say); called once, the
    /// key is kept for the app's lifetime. Used when <see cref="PrivateKey"/> is not set.
    /// </summary>
    public Func<IServiceProvider, CancellationToken, Task<string>>? PrivateKeyProvider { get; set; }

    /// <summary>
    /// How long a client secret Sesame signs is valid; a secret is reused for token requests until half of it has passed.
    /// At most <see cref="MaxClientSecretLifetime"/>.
    /// </summary>
    /// <value>1 hour.</value>
    public TimeSpan ClientSecretLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The scopes asked for.</summary>
    /// <value><c>name email</c>, as next-auth's Apple provider.</value>
    public IList<string> Scope { get; } = ["name", "email"];

    /// <summary>How long a call to Apple (discovery, keys, token) may take.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="OAuthProvider.AllowDangerousEmailAccountLinking"/>.</summary>
    public bool AllowDangerousEmailAccountLinking { get; set; }

    /// <summary>See <see cref="OAuthProvider.Profile"/>.</summary>
    public Func<ClaimsPrincipal, SesameUser, SesameUser>? Profile { get; set; }

    /// <summary>
    /// Changes any option of the underlying <see cref="OpenIdConnectHandler"/> after Sesame set its own; Sesame's
    /// callback path, sign-in scheme, failure handling and the name from Apple's <c>user</c> field stay.
    /// </summary>
    public Action<OpenIdConnectOptions>? ConfigureHandler { get; set; }
}
