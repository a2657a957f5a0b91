using Microsoft.Extensions.Options;
using Sesame.Access;
using Sesame.Cookies;
using Sesame.Csrf;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Providers;
using Sesame.Sessions;

namespace Sesame;

/// <summary>
/// <see cref="SesameOptions"/> resolved once at start-up into what requests need, so that nothing is re-checked or
/// re-derived per request.
/// </summary>
internal sealed class SesameSettings
{
    public SesameSettings(IOptions<SesameOptions> options)
    {
        var value = options.Value;
        Secrets = [.. value.Secrets];
        Format = value.Format;
        Origin = value.Url is { } url ? url.GetLeftPart(UriPartial.Authority) : null;
        OriginCookieValue = Origin is null ? null : CookieValue.Encode(Origin);
        TrustHost = value.TrustHost;
        BasePath = ResolveBasePath(value);
        UseSecureCookies = value.UseSecureCookies ?? (value.Url?.Scheme == Uri.UriSchemeHttps);
        Cookies = new SesameCookies(value.Cookies, value.Format, UseSecureCookies);
        Csrf = new CsrfProtection(value.Format == JwtFormat.AuthJsV5 ? [string.Join(',', Secrets)] : Secrets);
        Strategy = value.Session.Strategy;
        HashSessionTokens = value.Session.HashSessionTokens;
        RecordIpAddress = value.Session.RecordIpAddress;
        var session = value.Session;
        var rememberMe = session.RememberMe;
        PersistentSession = new SessionLifetimes(Capped(session.MaxAge, value.Jwt.MaxAge), session.UpdateAge, session.AbsoluteLifetime);
        BrowserSession = rememberMe.Enabled
            ? new SessionLifetimes(Capped(rememberMe.BrowserSessionMaxAge, value.Jwt.MaxAge), rememberMe.BrowserSessionUpdateAge, rememberMe.BrowserSessionAbsoluteLifetime ?? session.AbsoluteLifetime)
            : PersistentSession;
        RememberMeField = rememberMe.Enabled ? rememberMe.FieldName : null;
        PersistentByDefault = !rememberMe.Enabled || rememberMe.PersistentByDefault;
        JwtRevocable = value.Jwt.Revocable && value.Session.Strategy == SessionStrategy.Jwt;
        RevocationCheckInterval = value.Jwt.RevocationCheckInterval;
        SessionTokenSalt = value.Format == JwtFormat.AuthJsV5 ? Cookies.SessionToken.Name : "";
        NoSessionBodyUtf8 = value.Format == JwtFormat.AuthJsV5 ? "null"u8.ToArray() : "{}"u8.ToArray();
        Providers = [.. value.Providers];
        Pages = new SesamePages
        {
            SignIn = value.Pages.SignIn,
            SignOut = value.Pages.SignOut,
            Error = value.Pages.Error,
            VerifyRequest = value.Pages.VerifyRequest,
            NewUser = value.Pages.NewUser,
        };
        Callbacks = value.Callbacks;
        Events = value.Events;
        HasJwtCallback = value.Callbacks.OnJwt is not null || value.Callbacks.GetType() != typeof(SesameCallbacks);
        HasSessionCallback = value.Callbacks.OnSession is not null || value.Callbacks.GetType() != typeof(SesameCallbacks);
        HasRedirectCallback = value.Callbacks.OnRedirect is not null || value.Callbacks.GetType() != typeof(SesameCallbacks);
        AcceptBearerTokens = value.AcceptBearerTokens;
        Access = new AccessSettings(value.Access);
    }

    public IReadOnlyList<string> Secrets { get; }

    public JwtFormat Format { get; }

    /// <summary>The configured public origin (<c>https://app.example.com</c>), or <see langword="null"/> when it comes from a trusted proxy.</summary>
    public string? Origin { get; }

    /// <summary><see cref="Origin"/> as the callback-url cookie carries it (percent-encoded), so that it is recognized as sent.</summary>
    public string? OriginCookieValue { get; }

    public bool TrustHost { get; }

    /// <summary>Where the endpoints live, without a trailing slash (<c>/api/auth</c>).</summary>
    public string BasePath { get; }

    public bool UseSecureCookies { get; }

    public SesameCookies Cookies { get; }

    public CsrfProtection Csrf { get; }

    public SessionStrategy Strategy { get; }

    public bool HashSessionTokens { get; }

    public bool RecordIpAddress { get; }

    /// <summary>
    /// The lifetimes of a persistent session (every session unless remember-me is on): the token's <c>exp</c>, the
    /// cookie's <c>Expires</c> and the session's <c>expires</c> all derive from them, so they never disagree.
    /// </summary>
    public SessionLifetimes PersistentSession { get; }

    /// <summary>The lifetimes of a browser session (remember-me not chosen); <see cref="PersistentSession"/>'s when remember-me is off.</summary>
    public SessionLifetimes BrowserSession { get; }

    /// <summary>The posted field that chooses remember-me, or <see langword="null"/> when sign-ins do not choose.</summary>
    public string? RememberMeField { get; }

    /// <summary>Whether a sign-in that makes no choice is persistent.</summary>
    public bool PersistentByDefault { get; }

    /// <summary>The lifetimes of a persistent or a browser session.</summary>
    public SessionLifetimes LifetimesOf(bool persistent) => persistent ? PersistentSession : BrowserSession;

    /// <summary>Whether JWT sessions carry a session id checked against the revocation store on every read.</summary>
    public bool JwtRevocable { get; }

    /// <summary>How long an instance trusts the revocation store's answer about one session.</summary>
    public TimeSpan RevocationCheckInterval { get; }

    /// <summary>The HKDF salt of the session token: <c>""</c> in next-auth v4, the cookie name in Auth.js v5.</summary>
    public string SessionTokenSalt { get; }

    /// <summary>
    /// The "no session" body in UTF-8, as written to responses: <c>{}</c> for next-auth v4 clients, <c>null</c> for
    /// Auth.js v5 clients (which take <c>{}</c> as signed in).
    /// </summary>
    public byte[] NoSessionBodyUtf8 { get; }

    public IReadOnlyList<ISesameProvider> Providers { get; }

    public SesamePages Pages { get; }

    public SesameCallbacks Callbacks { get; }

    public SesameEvents Events { get; }

    /// <summary>Whether a <c>jwt</c> callback may change tokens, so that an unchanged token need not be compared.</summary>
    public bool HasJwtCallback { get; }

    public bool HasSessionCallback { get; }

    public bool HasRedirectCallback { get; }

    /// <summary>Whether a session token in <c>Authorization: Bearer</c> counts when there is no session cookie.</summary>
    public bool AcceptBearerTokens { get; }

    public AccessSettings Access { get; }

    public ISesameProvider? FindProvider(string? id)
    {
        if (id is null)
        {
            return null;
        }

        foreach (var provider in Providers)
        {
            if (string.Equals(provider.Id, id, StringComparison.Ordinal))
            {
                return provider;
            }
        }

        return null;
    }

    private static string ResolveBasePath(SesameOptions options)
    {
        var basePath = options.BasePath;
        if (basePath is null && options.Url is { } url && url.AbsolutePath is { Length: > 1 } path)
        {
            basePath = path;
        }

        basePath ??= "/api/auth";
        basePath = basePath.TrimEnd('/');
        return basePath.StartsWith('/') ? basePath : "/" + basePath;
    }

    // Jwt.MaxAge caps every session's lifetime, as the token's own
    private static TimeSpan Capped(TimeSpan maxAge, TimeSpan? jwtMaxAge) => jwtMaxAge is { } cap && cap < maxAge ? cap : maxAge;
}
