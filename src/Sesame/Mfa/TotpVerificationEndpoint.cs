using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Caching;
using Sesame.Csrf;
using Sesame.Endpoints;
using Sesame.Http;
using Sesame.Jwt;
using Sesame.Logging;
using Sesame.SignIn;
using Sesame.Stores;

namespace Sesame.Mfa;

/// <summary>
/// The verification page: <c>GET</c> shows the code form (with the CSRF token) to a browser holding a partial sign-in;
/// <c>POST</c> checks the code (TOTP within one step of drift, each step once; or a recovery code, once) and, when it
/// is right, ends the partial sign-in and issues a new session through the sign-in pipeline. A wrong code shows the page
/// again; too many, an expired or a superseded partial sign-in send the user back to sign in.
/// </summary>
internal sealed class TotpVerificationEndpoint(
    SesameSettings settings,
    TotpSecondFactor factor,
    IJwtCodec codec,
    SignInPipeline pipeline,
    PublicUrls urls,
    TimeProvider timeProvider,
    ILogger<TotpVerificationEndpoint> logger)
{
    private const int MaxCodeLength = 32;

    // wrong codes per partial sign-in (by its id); a partial lives minutes, so a bounded memo is enough
    private readonly RecentValues<Attempts> _attempts = new(16_384);

    public async Task HandleAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        var baseUrl = urls.BaseUrlOf(httpContext);
        request.Cookies.TryGetValue(factor.Cookie.Name, out var cookie);
        if (PartialSignIn.Decode(codec, cookie) is not { } partial)
        {
            Log.PartialSignInUnusable(logger, cookie is null ? "none" : "invalid or expired");
            await BackToSignInAsync(httpContext, baseUrl).ConfigureAwait(false);
            return;
        }

        var csrfToken = httpContext.GetCsrfToken();
        if (!HttpMethods.IsPost(request.Method))
        {
            await PageAsync(response, csrfToken, null, StatusCodes.Status200OK).ConfigureAwait(false);
            return;
        }

        if (!await httpContext.IsCsrfTokenValidAsync().ConfigureAwait(false))
        {
            Log.CsrfFailed(logger, "POST", "verify-mfa");
            await PageAsync(response, csrfToken, "The form expired. Enter the code again.", StatusCodes.Status403Forbidden).ConfigureAwait(false);
            return;
        }

        var (grant, id, issuedAt) = partial;
        var userId = grant.User.Id;
        var attempts = _attempts.TryGetValue(id, out var counted) ? counted : null;
        if (attempts?.Count >= factor.MaxAttempts)
        {
            Log.PartialSignInUnusable(logger, "too many wrong codes");
            await BackToSignInAsync(httpContext, baseUrl).ConfigureAwait(false);
            return;
        }

        var code = request.HasFormContentType ? (await request.ReadFormAsync(httpContext.RequestAborted).ConfigureAwait(false))["code"].ToString().Trim() : "";
        var now = timeProvider.GetUtcNow();
        Verdict verdict;
        try
        {
            var store = httpContext.RequestServices.GetRequiredService<ITotpStore>();
            verdict = await CheckAsync(store, userId, code, issuedAt, now, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.TotpStoreFailed(logger, exception);
            await PageAsync(response, csrfToken, "The code cannot be checked right now. Try again in a moment.", StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return;
        }

        switch (verdict)
        {
            case Verdict.Superseded:
                Log.PartialSignInUnusable(logger, "superseded by a later verification");
                await BackToSignInAsync(httpContext, baseUrl).ConfigureAwait(false);
                return;
            case Verdict.Wrong or Verdict.Replayed:
                Log.SecondFactorRejected(logger, userId, verdict == Verdict.Replayed ? "already used" : "wrong");
                if (attempts is null)
                {
                    attempts = new Attempts();
                    _attempts.Add(id, attempts);
                }

                if (Interlocked.Increment(ref attempts.Count) >= factor.MaxAttempts)
                {
                    await BackToSignInAsync(httpContext, baseUrl).ConfigureAwait(false);
                    return;
                }

                await PageAsync(response, csrfToken, "That code is not right. Enter the current code from your authenticator app.", StatusCodes.Status200OK).ConfigureAwait(false);
                return;
        }

        // The partial sign-in ends here whatever happens next; the session is a new token (no fixation).
        factor.Cookie.Clear(response);
        _attempts.Set(id, new Attempts { Count = int.MaxValue });
        Log.SecondFactorPassed(logger, userId, verdict == Verdict.RecoveryCode ? "recovery code" : "totp");
        var methods = new List<string>(grant.AuthenticationMethods ?? []) { "otp" };
        var result = await pipeline.CompleteAsync(httpContext, grant with { AuthenticationMethods = methods }, baseUrl).ConfigureAwait(false);
        Redirect(response, result.RedirectUrl, urls.OriginOf(httpContext));
    }

    private static async Task<Verdict> CheckAsync(ITotpStore store, string userId, string code, DateTimeOffset partialIssuedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (code.Length is 0 or > MaxCodeLength || await store.GetEnrolmentAsync(userId, cancellationToken).ConfigureAwait(false) is not { } enrolment)
        {
            return Verdict.Wrong;
        }

        // A verification after this partial sign-in began (on this browser or another) voids it: a copied partial
        // sign-in cannot be completed later with a fresh code.
        if (enrolment.LastVerifiedAt is { } verifiedAt && verifiedAt >= partialIssuedAt)
        {
            return Verdict.Superseded;
        }

        if (TotpCodes.LooksLikeRecoveryCode(code))
        {
            return await store.TryUseRecoveryCodeAsync(userId, TotpCodes.HashRecoveryCode(code), now, cancellationToken).ConfigureAwait(false)
                ? Verdict.RecoveryCode
                : Verdict.Wrong;
        }

        if (TotpCodes.MatchingStep(enrolment.Secret, code, now) is not { } step)
        {
            return Verdict.Wrong;
        }

        return await store.TryUseTimeStepAsync(userId, step, now, cancellationToken).ConfigureAwait(false) ? Verdict.Totp : Verdict.Replayed;
    }

    private Task PageAsync(HttpResponse response, string csrfToken, string? error, int status) =>
        AuthResponses.HtmlAsync(response, status, HtmlPages.VerifyMfa(response.HttpContext.Request.PathBase.Value + factor.VerificationPath, csrfToken, error));

    private Task BackToSignInAsync(HttpContext httpContext, string baseUrl)
    {
        factor.Cookie.Clear(httpContext.Response);
        var signIn = settings.Pages.SignIn is { } page ? page : baseUrl + "/signin";
        Redirect(httpContext.Response, signIn, urls.OriginOf(httpContext));
        return Task.CompletedTask;
    }

    private static void Redirect(HttpResponse response, string target, string origin)
    {
        Security.PrivateResponses.NoStore(response);
        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = CallbackUrls.ForHeader(target) ?? origin;
    }

    private enum Verdict
    {
        Wrong,
        Replayed,
        Superseded,
        Totp,
        RecoveryCode,
    }

    private sealed class Attempts
    {
        public int Count;
    }
}
