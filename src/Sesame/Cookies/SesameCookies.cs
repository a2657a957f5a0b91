using Microsoft.AspNetCore.Http;
using Sesame.Jwt;

namespace Sesame.Cookies;

/// <summary>The resolved cookies: next-auth's names and prefixes for the chosen format and secure mode, with the app's overrides.</summary>
internal sealed class SesameCookies
{
    public SesameCookies(SesameCookiesOptions options, JwtFormat format, bool secure)
    {
        var family = format == JwtFormat.AuthJsV5 ? "authjs" : "next-auth";
        var securePrefix = secure ? "__Secure-" : "";
        var hostPrefix = secure ? "__Host-" : "";
        SessionToken = Resolve(options.SessionToken, $"{securePrefix}{family}.session-token", secure);
        CallbackUrl = Resolve(options.CallbackUrl, $"{securePrefix}{family}.callback-url", secure);
        // __Host- cookies must have Path=/ and no Domain, so the CSRF cookie never takes a Domain override.
        CsrfToken = Resolve(options.CsrfToken, $"{hostPrefix}{family}.csrf-token", secure, allowDomain: !secure);
        PkceCodeVerifier = Resolve(options.PkceCodeVerifier, $"{securePrefix}{family}.pkce.code_verifier", secure);
        State = Resolve(options.State, $"{securePrefix}{family}.state", secure);
        Nonce = Resolve(options.Nonce, $"{securePrefix}{family}.nonce", secure);
        SessionChunkSize = format == JwtFormat.AuthJsV5 ? 3936 : 3933;
    }

    public CookieSpec SessionToken { get; }

    public CookieSpec CallbackUrl { get; }

    public CookieSpec CsrfToken { get; }

    public CookieSpec PkceCodeVerifier { get; }

    public CookieSpec State { get; }

    public CookieSpec Nonce { get; }

    /// <summary>The most characters of a session token one cookie holds before it is split (next-auth: 4096 less room for attributes).</summary>
    public int SessionChunkSize { get; }

    private static CookieSpec Resolve(SesameCookie cookie, string defaultName, bool secure, bool allowDomain = true) => new(
        cookie.Name ?? defaultName,
        cookie.Path ?? "/",
        allowDomain ? cookie.Domain : null,
        cookie.HttpOnly ?? true,
        cookie.Secure ?? secure,
        cookie.SameSite ?? SameSiteMode.Lax);
}
