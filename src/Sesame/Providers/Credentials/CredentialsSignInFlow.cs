using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Diagnostics;
using Sesame.Errors;
using Sesame.Http;
using Sesame.Logging;
using Sesame.Security;
using Sesame.SignIn;
using Sesame.Stores;

namespace Sesame.Providers.Credentials;

/// <summary>
/// The credentials flow: the form is posted to <c>/callback/{id}</c> with the CSRF token, <c>authorize</c> checks it,
/// and the user it returns goes through the sign-in pipeline. <c>POST /signin/{id}</c> only sends the browser back to
/// the sign-in page, and a GET of the callback is refused, as in next-auth.
/// </summary>
internal static class CredentialsSignInFlow
{
    public static Task StartAsync(SignInFlowContext context) =>
        AuthResponses.RedirectAsync(context.Request, context.Request.BaseUrl + "/signin");

    public static async Task CallbackAsync(CredentialsProvider provider, SignInFlowContext context)
    {
        var request = context.Request;
        if (!request.IsPost)
        {
            await AuthResponses.TextAsync(request.HttpContext.Response, StatusCodes.Status500InternalServerError, "Error: Callback for provider type credentials not supported").ConfigureAwait(false);
            return;
        }

        var logger = context.Logger;
        if (!request.CsrfVerified)
        {
            Log.CsrfFailed(logger, "POST", "callback");
            await AuthResponses.RedirectAsync(request, request.BaseUrl + "/signin?csrf=true").ConfigureAwait(false);
            return;
        }

        // Abuse limits count failures only; a client past one is refused before the app's authorize runs.
        var limiter = request.HttpContext.RequestServices.GetRequiredService<SignInRateLimiter>();
        var client = SignInRateLimiter.ClientOf(request.HttpContext);
        var account = AccountOf(provider, request);
        if (!limiter.HasPermit(provider.Id, "client", client, provider.FailuresPerClient, provider.RateLimitWindow, out var retryAfter) ||
            !limiter.HasPermit(provider.Id, "account", string.Concat(account, "\n", client), provider.FailuresPerAccountAndClient, provider.RateLimitWindow, out retryAfter))
        {
            Log.CredentialsRateLimited(logger, provider.Id);
            MetricsOf(request).SignInFailed(provider.Id, "credentials", AuthErrorCode.CredentialsSignin);
            await AuthResponses.TooManyAsync(request, AuthErrorCode.CredentialsSignin, retryAfter ?? provider.RateLimitWindow).ConfigureAwait(false);
            return;
        }

        SesameUser? user;
        try
        {
            user = await provider.Authorize!(new CredentialsContext(request.Body, request.HttpContext)).ConfigureAwait(false);
        }
        catch (CredentialsSignInException exception)
        {
            CountFailure(limiter, provider, client, account);
            Log.CredentialsRejected(logger, provider.Id);
            MetricsOf(request).SignInFailed(provider.Id, "credentials", AuthErrorCode.CredentialsSignin);
            await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={Uri.EscapeDataString(exception.Message)}", StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Any other failure is the app's bug or a dependency's; its message stays in the log, not in the URL.
            Log.AuthorizeFailed(logger, exception, provider.Id);
            user = null;
        }

        if (user is null)
        {
            CountFailure(limiter, provider, client, account);
            Log.CredentialsRejected(logger, provider.Id);
            MetricsOf(request).SignInFailed(provider.Id, "credentials", AuthErrorCode.CredentialsSignin);
            var error = AuthErrors.Describe(AuthErrorCode.CredentialsSignin);
            await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={error.WireName}&provider={Uri.EscapeDataString(provider.Id)}", error.SignInStatus).ConfigureAwait(false);
            return;
        }

        await context.CompleteAsync(new SignInCandidate
        {
            User = user,
            Account = new SesameAccount { Type = "credentials", Provider = provider.Id, ProviderAccountId = user.Id, UserId = user.Id },
            Credentials = request.Body,
            Persistent = RememberMeOf(request),
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The posted remember-me choice, when remember-me is on and the field holds a recognisable answer; otherwise
    /// the configured default decides (a garbled value never makes a longer-lived session than the default). A JSON
    /// body sends it as a string (<c>"true"</c>), as next-auth's client posts every field.
    /// </summary>
    private static bool? RememberMeOf(AuthRequest request)
    {
        if (request.HttpContext.RequestServices.GetRequiredService<SesameSettings>().RememberMeField is not { } field || !request.Body.TryGetValue(field, out var value))
        {
            return null;
        }

        // the built-in form sends a hidden "false" before the checkbox; the body reader keeps the last value posted
        var last = value.AsSpan();
        last = last.Trim();
        return last.Equals("true", StringComparison.OrdinalIgnoreCase) || last.Equals("on", StringComparison.OrdinalIgnoreCase) || last is "1" ? true
            : last.Equals("false", StringComparison.OrdinalIgnoreCase) || last.Equals("off", StringComparison.OrdinalIgnoreCase) || last is "0" ? false
            : null;
    }

    private static void CountFailure(SignInRateLimiter limiter, CredentialsProvider provider, string client, string account)
    {
        limiter.TryAcquire(provider.Id, "client", client, provider.FailuresPerClient, provider.RateLimitWindow, out _);
        limiter.TryAcquire(provider.Id, "account", string.Concat(account, "\n", client), provider.FailuresPerAccountAndClient, provider.RateLimitWindow, out _);
    }

    /// <summary>The account an attempt is for: the account field's value, trimmed, lower case, at most 320 characters.</summary>
    private static string AccountOf(CredentialsProvider provider, AuthRequest request)
    {
        var field = provider.AccountField ?? (provider.Fields.Count > 0 ? provider.Fields[0].Name : "username");
        var value = request.Field(field)?.Trim() ?? "";
        return (value.Length > 320 ? value[..320] : value).ToLowerInvariant();
    }

    private static SesameMetrics MetricsOf(AuthRequest request) => request.HttpContext.RequestServices.GetRequiredService<SesameMetrics>();
}
