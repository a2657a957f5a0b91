namespace Sesame.Cookies;

/// <summary>The cookies Sesame writes (next-auth's <c>cookies</c> option); each can be renamed or given other attributes.</summary>
public sealed class SesameCookiesOptions
{
    /// <summary>The session token (<c>next-auth.session-token</c>), chunked into <c>.0</c>, <c>.1</c>, … when too large.</summary>
    public SesameCookie SessionToken { get; } = new();

    /// <summary>Where to go after sign-in or sign-out (<c>next-auth.callback-url</c>).</summary>
    public SesameCookie CallbackUrl { get; } = new();

    /// <summary>The double-submit CSRF token (<c>next-auth.csrf-token</c>, <c>__Host-</c> prefixed in secure mode).</summary>
    public SesameCookie CsrfToken { get; } = new();

    /// <summary>The OAuth PKCE verifier (<c>next-auth.pkce.code_verifier</c>).</summary>
    public SesameCookie PkceCodeVerifier { get; } = new();

    /// <summary>The OAuth state check (<c>next-auth.state</c>).</summary>
    public SesameCookie State { get; } = new();

    /// <summary>The OpenID Connect nonce check (<c>next-auth.nonce</c>).</summary>
    public SesameCookie Nonce { get; } = new();
}
