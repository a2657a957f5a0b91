using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Cookies;
using Sesame.Http;
using Sesame.Jwt;
using Sesame.Logging;
using Sesame.Sessions.Pipeline;
using Sesame.SignIn;
using Sesame.Stores;

namespace Sesame.Mfa;

/// <summary>
/// The TOTP second factor: a user with an enrolment signs in in two steps. The first factor leaves a partial sign-in
/// (<see cref="PartialSignIn"/>) and sends the browser to the verification page; a right code there issues the session.
/// </summary>
internal sealed class TotpSecondFactor(
    SesameSettings settings,
    IJwtCodec codec,
    PublicUrls urls,
    TimeProvider timeProvider,
    IOptions<SesameTotpOptions> options,
    ILogger<TotpSecondFactor> logger) : ISecondFactor
{
    private readonly SesameTotpOptions _options = options.Value;

    /// <summary>The partial sign-in's cookie: the session cookie's attributes, a name of its own, and no <c>Expires</c>.</summary>
    public CookieSpec Cookie { get; } = new(
        (settings.UseSecureCookies ? "__Secure-" : "") + "sesame.partial-sign-in", "/", null, httpOnly: true, settings.UseSecureCookies, SameSiteMode.Lax);

    /// <summary>The verification page's path (under the app's path base).</summary>
    public string VerificationPath => _options.VerificationPath ?? settings.BasePath + "/verify-mfa";

    public TimeSpan ChallengeLifetime => _options.ChallengeLifetime;

    public int MaxAttempts => _options.MaxAttempts;

    public async Task<bool> IsRequiredAsync(HttpContext httpContext, SesameUser user, CancellationToken cancellationToken)
    {
        try
        {
            // the store is the app's, often scoped to the request (a DbContext)
            var store = httpContext.RequestServices.GetRequiredService<ITotpStore>();
            return await store.GetEnrolmentAsync(user.Id, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Fail closed: a user whose enrolment cannot be read is asked for the factor, and the verification refuses
            // until the store is back; never signed in on one factor because a store was down.
            Log.TotpStoreFailed(logger, exception);
            return true;
        }
    }

    public string Begin(HttpContext httpContext, SessionGrant grant)
    {
        var now = timeProvider.GetUtcNow();
        if (!Cookie.Append(httpContext.Response, PartialSignIn.Encode(codec, grant, _options.ChallengeLifetime, now)))
        {
            // a callback URL so long that the partial sign-in's cookie would be dropped by the browser: the second
            // factor still works, and leads to the app's start page instead
            grant = grant with { CallbackUrl = urls.OriginOf(httpContext) };
            Cookie.Append(httpContext.Response, PartialSignIn.Encode(codec, grant, _options.ChallengeLifetime, now));
        }

        // the callback URL rides along for the page (the one used comes from the partial sign-in, already checked)
        return string.Concat(urls.OriginOf(httpContext), httpContext.Request.PathBase.Value, VerificationPath,
            "?callbackUrl=", Uri.EscapeDataString(grant.CallbackUrl));
    }
}
