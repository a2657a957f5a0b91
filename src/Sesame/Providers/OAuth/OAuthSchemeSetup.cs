using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

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
        OAuthRemoteEvents.Attach(options.Events, provider);
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
