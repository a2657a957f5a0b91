using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Sesame.Providers.OAuth;

/// <summary>What every Sesame provider's remote handler gets, whatever its protocol.</summary>
internal static class OAuthSchemeSetup
{
    /// <summary>The lifetime of the check values (correlation, nonce, state), as next-auth's 900 s check cookies.</summary>
    public static readonly TimeSpan CheckLifetime = TimeSpan.FromMinutes(15);

    public const string HttpClientName = "Sesame.OAuth";

    public static string SchemeNameOf(string providerId) => "sesame-" + providerId;

    /// <summary>
    /// next-auth's callback path, the Sesame scheme as the sign-in scheme, short-lived check cookies that a
    /// top-level redirect back from the identity provider carries (<c>SameSite=Lax</c>; <c>Secure</c> on https), and
    /// Sesame's events after the app's.
    /// </summary>
    public static void Apply(RemoteAuthenticationOptions options, OAuthProvider provider, string basePath)
    {
        options.CallbackPath = new PathString($"{basePath}/callback/{provider.Id}");
        options.SignInScheme = SesameDefaults.AuthenticationScheme;
        options.SaveTokens = true;
        options.RemoteAuthenticationTimeout = CheckLifetime;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.CorrelationCookie.MaxAge = CheckLifetime;
        if (options is OpenIdConnectOptions { ResponseMode: OpenIdConnectResponseMode.FormPost } postedTo)
        {
            AllowCrossSitePost(postedTo);
        }

        OAuthRemoteEvents.Attach(options.Events, provider);
    }

    /// <summary>
    /// The check cookies of a provider whose authorization response is a form POST from the identity provider's page
    /// (Apple's <c>response_mode=form_post</c>): a browser does not send <c>SameSite=Lax</c> cookies with a cross-site
    /// POST, so the correlation and nonce cookies are <c>SameSite=None</c> (which browsers accept only with
    /// <c>Secure</c>). Nothing else about them changes, and so neither does what they prove: they are still checked
    /// against the <c>state</c>, which is protected under this provider's own Data Protection purpose (a state of another
    /// provider, or a forged one, does not unprotect); they stay HttpOnly, 15 minutes long, single-use, and sent only to
    /// this provider's callback path (the handler sets their path to it). <c>SameSite=Lax</c> was a second line of
    /// defence for them, not the check itself: a cross-site attacker still cannot make a victim's browser complete a
    /// sign-in the attacker started (login CSRF), because the attacker's <c>state</c> names a correlation id the
    /// victim's browser has no cookie for. next-auth v4 apps reach the same end by making their PKCE (and state) cookies
    /// <c>sameSite: "none"</c> for every provider; here it is only the form_post provider's, only on its callback path.
    /// </summary>
    private static void AllowCrossSitePost(OpenIdConnectOptions options)
    {
        foreach (var cookie in (ReadOnlySpan<CookieBuilder>)[options.CorrelationCookie, options.NonceCookie])
        {
            cookie.SameSite = SameSiteMode.None;
            cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.HttpOnly = true;
        }
    }

    /// <summary>
    /// Stops start-up with Sesame's message for each failed check. Called at the end of a provider's Configure step: the
    /// framework's post-configure (which would throw its own <c>ArgumentException</c> for a missing client id, or ask for
    /// an Authority) runs after it and never sees a provider Sesame knows to be incomplete.
    /// </summary>
    public static void ThrowIfMisconfigured<TOptions>(string scheme, params (bool Failed, string Message)[] checks)
    {
        var failures = checks.Where(check => check.Failed).Select(check => check.Message).ToList();
        if (failures.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(scheme, typeof(TOptions), failures);
        }
    }

    /// <summary>Whether <paramref name="issuer"/> may be used: https, or http on a loopback address only.</summary>
    public static bool IsAcceptableIssuer(Uri issuer) =>
        issuer.IsAbsoluteUri && (issuer.Scheme == Uri.UriSchemeHttps || (issuer.Scheme == Uri.UriSchemeHttp && IsLoopback(issuer)));

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The Auth.js v5 environment name of a provider setting: <c>AUTH_{ID}_{SETTING}</c>.</summary>
    public static string EnvironmentName(string providerId, string setting) =>
        $"AUTH_{providerId.ToUpperInvariant().Replace('-', '_')}_{setting}";
}
