using Sesame.Access;
using Sesame.Cookies;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Providers;
using Sesame.Providers.Credentials;
using Sesame.Sessions;

namespace Sesame;

/// <summary>
/// Configuration of Sesame (next-auth's <c>authOptions</c>). Validated once at start-up and then resolved into
/// immutable settings; changing it afterwards has no effect.
/// </summary>
public sealed class SesameOptions
{
    /// <summary>
    /// The secrets that encrypt tokens and sign CSRF cookies. The first encodes; every one decodes, so a new secret
    /// can be put first while tokens made with the old one stay valid until they expire.
    /// </summary>
    /// <value>Empty by default; at least one is required (<c>AUTH_SECRET</c> / <c>NEXTAUTH_SECRET</c>).</value>
    public IList<string> Secrets { get; } = [];

    /// <summary>
    /// The canonical public URL of the app (<c>AUTH_URL</c> / <c>NEXTAUTH_URL</c>). Redirects are kept on its origin.
    /// A path other than <c>/</c> becomes <see cref="BasePath"/>.
    /// </summary>
    /// <value>No default: either a URL or <see cref="TrustHost"/> is required.</value>
    public Uri? Url { get; set; }

    /// <summary>The path the endpoints are mapped under.</summary>
    /// <value><c>/api/auth</c>, or the path of <see cref="Url"/>.</value>
    public string? BasePath { get; set; }

    /// <summary>
    /// Take the public origin from <c>X-Forwarded-Host</c>/<c>X-Forwarded-Proto</c> (else <c>Host</c>) when
    /// <see cref="Url"/> is not set. Only safe behind a proxy that sets those headers (next-auth's <c>AUTH_TRUST_HOST</c>).
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool TrustHost { get; set; }

    /// <summary>Force the <c>__Secure-</c>/<c>__Host-</c> cookie prefixes and the <c>Secure</c> attribute on or off.</summary>
    /// <value><see langword="null"/>: on when <see cref="Url"/> is https.</value>
    public bool? UseSecureCookies { get; set; }

    /// <summary>The wire format: next-auth v4 (default) or Auth.js v5 tokens, cookie names and "no session" body.</summary>
    /// <value><see cref="JwtFormat.NextAuthV4"/>.</value>
    public JwtFormat Format { get; set; } = JwtFormat.NextAuthV4;

    /// <summary>Session strategy and lifetime (next-auth's <c>session</c> options).</summary>
    public SesameSessionOptions Session { get; } = new();

    /// <summary>Token lifetime (next-auth's <c>jwt</c> options).</summary>
    public SesameJwtOptions Jwt { get; } = new();

    /// <summary>Cookie names and attributes (next-auth's <c>cookies</c> options).</summary>
    public SesameCookiesOptions Cookies { get; } = new();

    /// <summary>Custom pages (next-auth's <c>pages</c> options).</summary>
    public SesamePages Pages { get; } = new();

    /// <summary>The sign-in providers, in the order <c>GET /providers</c> lists them.</summary>
    public IList<ISesameProvider> Providers { get; } = [];

    /// <summary>Callbacks that decide: sign-in, redirect, jwt and session.</summary>
    public SesameCallbacks Callbacks { get; set; } = new();

    /// <summary>Events that notify: sign-in, sign-out, session.</summary>
    public SesameEvents Events { get; set; } = new();

    /// <summary>
    /// Accept the session token from an <c>Authorization: Bearer &lt;token&gt;</c> header (percent-decoded, as next-auth's
    /// <c>getToken</c> does) when the request has no session cookie: for mobile apps and service-to-service calls. A
    /// bearer-authenticated request never gets a cookie written.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool AcceptBearerTokens { get; set; }

    /// <summary>Server-side access: API caller detection, role claims, user re-validation.</summary>
    public SesameAccessOptions Access { get; } = new();
}
