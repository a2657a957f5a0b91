using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Diagnostics;
using Sesame.Errors;
using Sesame.Events;
using Sesame.Logging;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;

namespace Sesame.SignIn;

/// <summary>
/// The one path every sign-in ends in, whatever the provider and the session strategy: the <c>signIn</c> callback
/// (allow, deny or redirect), the stored user and account (found, linked or created), the session, the events, and
/// where the browser goes next. Flows only produce a <see cref="SignInCandidate"/>.
/// </summary>
internal sealed class SignInPipeline(
    SesameSettings settings,
    ISessionStrategy strategy,
    SessionPipeline sessions,
    SignInUsers users,
    SessionEvents events,
    SesameMetrics metrics,
    ILogger<SignInPipeline> logger,
    IEnumerable<ISecondFactor> secondFactors)
{
    // at most one second factor is registered (AddTotp); none costs nothing
    private readonly ISecondFactor? _secondFactor = secondFactors.FirstOrDefault();

    /// <summary>Runs the sign-in of <paramref name="candidate"/>; on success the session cookie is on the response.</summary>
    /// <param name="httpContext">The request.</param>
    /// <param name="candidate">Who signs in, with which account.</param>
    /// <param name="callbackUrl">Where the user goes after signing in (already checked by the redirect rules).</param>
    /// <param name="baseUrl">The public URL of the endpoints (origin and base path), for the error page.</param>
    public async Task<SesameSignInResult> SignInAsync(HttpContext httpContext, SignInCandidate candidate, string callbackUrl, string baseUrl)
    {
        var cancellationToken = httpContext.RequestAborted;
        var account = candidate.Account;
        using var activity = SesameActivities.Source.StartActivity("sesame.sign_in");
        activity?.SetTag("sesame.provider", account.Provider);

        // next-auth shows the signIn callback the stored user an account is linked to, else the provider's profile.
        var userStore = candidate.IsExternal ? SignInUsers.UserStoreOf(httpContext) : null;
        SesameUser? linked = null;
        if (userStore is not null)
        {
            try
            {
                linked = await SignInUsers.FindLinkedAsync(userStore, account, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.SignInStoreFailed(logger, exception, account.Provider);
                return Refused(AuthErrorCode.OAuthCreateAccount, baseUrl, account);
            }
        }

        var candidateUser = linked ?? candidate.User;
        var signIn = new SignInContext(httpContext, candidateUser, account with { UserId = candidateUser.Id }, candidate.Credentials, candidate.Profile);
        if (await DecideAsync(signIn, baseUrl).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var currentUserId = userStore is not null ? await CurrentUserIdAsync(httpContext).ConfigureAwait(false) : null;
        var resolution = await users.ResolveAsync(httpContext, candidate, linked, currentUserId).ConfigureAwait(false);
        if (resolution.User is not { } user)
        {
            return Refused(resolution.Error ?? AuthErrorCode.AccessDenied, baseUrl, account);
        }

        account = account with { UserId = user.Id };
        var persistent = settings.RememberMeField is null || (candidate.Persistent ?? settings.PersistentByDefault);
        var grant = new SessionGrant
        {
            User = user,
            Account = account,
            IsNewUser = resolution.IsNewUser,
            // a stored user's missing image is null, as next-auth's adapters return it
            OmitsImage = candidate.OmitsImage && userStore is null && user.Image is null,
            Persistent = persistent,
            CallbackUrl = callbackUrl,
        };

        // A second factor goes between knowing the user and issuing the session: the session is issued when it completes.
        if (_secondFactor is { } secondFactor && await secondFactor.IsRequiredAsync(httpContext, user, cancellationToken).ConfigureAwait(false))
        {
            var verification = secondFactor.Begin(httpContext, grant);
            Log.SecondFactorRequired(logger, user.Id);
            metrics.SignInRedirected(account.Provider, account.Type);
            return new SesameSignInResult(false, null, verification, user, resolution.IsNewUser) { SecondFactorRequired = true };
        }

        return await CompleteAsync(httpContext, grant, baseUrl).ConfigureAwait(false);
    }

    /// <summary>
    /// Issues the session of <paramref name="grant"/> (every factor done), fires the <c>signIn</c> event and says where
    /// the browser goes: the callback URL, or <c>pages.newUser</c> for a new user.
    /// </summary>
    public async Task<SesameSignInResult> CompleteAsync(HttpContext httpContext, SessionGrant grant, string baseUrl)
    {
        var (user, account) = (grant.User, grant.Account);
        if (!await strategy.IssueAsync(httpContext, grant, httpContext.RequestAborted).ConfigureAwait(false))
        {
            Log.SignInDenied(logger, user.Id);
            return Refused(AuthErrorCode.AccessDenied, baseUrl, account);
        }

        settings.Csrf.Renew(httpContext.Response, settings.Cookies.CsrfToken);
        Log.SignedIn(logger, user.Id, account.Provider);
        metrics.SignedIn(account.Provider, account.Type);
        await events.SignInAsync(new SignInEventContext(httpContext, user, account, grant.IsNewUser)).ConfigureAwait(false);
        var callbackUrl = grant.CallbackUrl;
        var next = grant.IsNewUser == true && settings.Pages.NewUser is { } newUser
            ? newUser + (newUser.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "callbackUrl=" + Uri.EscapeDataString(callbackUrl)
            : callbackUrl;
        return new SesameSignInResult(true, null, next, user, grant.IsNewUser);
    }

    /// <summary>
    /// The <c>signIn</c> callback of an e-mail link request (next-auth's <c>verificationRequest</c> step), before any
    /// token is made or mail sent: <see langword="null"/> when the link may be sent, else where the browser goes.
    /// </summary>
    public Task<SesameSignInResult?> AuthorizeVerificationRequestAsync(HttpContext httpContext, SignInCandidate candidate, string baseUrl)
    {
        var account = candidate.Account with { UserId = candidate.User.Id };
        return DecideAsync(new SignInContext(httpContext, candidate.User, account, null) { IsVerificationRequest = true }, baseUrl);
    }

    /// <summary>Runs the <c>signIn</c> callback: <see langword="null"/> when it allows the sign-in, else the refusal or its redirect.</summary>
    private async Task<SesameSignInResult?> DecideAsync(SignInContext signIn, string baseUrl)
    {
        await settings.Callbacks.SignInAsync(signIn).ConfigureAwait(false);
        if (signIn.IsAllowed)
        {
            return null;
        }

        var account = signIn.Account;
        Log.SignInDenied(logger, signIn.User.Id);
        // next-auth v4 follows a string from signIn verbatim: the app chose that destination.
        if (signIn.RedirectUrl is { } elsewhere)
        {
            metrics.SignInRedirected(account.Provider, account.Type);
            return new SesameSignInResult(false, null, elsewhere, null, null);
        }

        return Refused(AuthErrorCode.AccessDenied, baseUrl, account);
    }

    /// <summary>The user of the session the request already has (linking a second provider), without touching its cookie.</summary>
    private async Task<string?> CurrentUserIdAsync(HttpContext httpContext)
    {
        try
        {
            var read = new SessionRead(JwtTrigger.None, null, WriteCookies: false, FireEvent: false);
            var current = await sessions.ReadAsync(httpContext, read, httpContext.RequestAborted).ConfigureAwait(false);
            return current.User?.Id ?? current.Token?.Subject;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An unreadable session is no session: the sign-in goes on as a first one.
            Log.SessionReadFailed(logger, exception);
            return null;
        }
    }

    private SesameSignInResult Refused(AuthErrorCode error, string baseUrl, SesameAccount account)
    {
        var name = AuthErrors.WireName(error);
        Log.SignInRefused(logger, account.Provider, name);
        metrics.SignInFailed(account.Provider, account.Type, error);
        if (Activity.Current is { } activity && activity.Source == SesameActivities.Source)
        {
            activity.SetStatus(ActivityStatusCode.Error, name);
            activity.SetTag("error.type", name);
        }
        return new SesameSignInResult(false, error, $"{baseUrl}/error?error={name}", null, null)
        {
            StatusCode = AuthErrors.Describe(error).SignInStatus,
        };
    }
}
