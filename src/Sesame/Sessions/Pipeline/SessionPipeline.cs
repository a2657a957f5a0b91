using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Cookies;
using Sesame.Diagnostics;
using Sesame.Events;
using Sesame.Logging;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Every session read and sign-out, whatever the strategy: find the presented session, run the <c>jwt</c> callback
/// (JWT tokens), apply the lifetime policy, run the <c>session</c> callback, refresh and re-set the cookie when due or
/// clear it when the session is gone, fire the <c>session</c> event. Written once, so that a rule added here (absolute
/// timeouts, partial sessions, revocation checks) holds for every strategy. Never throws for bad input.
/// </summary>
internal sealed class SessionPipeline(
    SesameSettings settings,
    ISessionStrategy strategy,
    SessionLifetimePolicy lifetime,
    SessionEvents events,
    TimeProvider timeProvider,
    SesameMetrics metrics,
    ILogger<SessionPipeline> logger,
    SessionUserCheck userChecks)
{
    // only when the app asked for it, so that a read without it pays nothing
    private readonly SessionUserCheck? _userCheck = userChecks.IsEnabled ? userChecks : null;

    public ISessionStrategy Strategy => strategy;

    /// <summary>
    /// Resolves the request's session, runs the callbacks, and, when <paramref name="read"/> allows, writes the refreshed
    /// cookie (only when due) or clears an invalid one.
    /// </summary>
    public async ValueTask<SessionReadResult> ReadAsync(HttpContext httpContext, SessionRead read, CancellationToken cancellationToken)
    {
        var lookup = await strategy.FindAsync(httpContext, cancellationToken).ConfigureAwait(false);
        if (lookup.FromBearer)
        {
            // A bearer caller keeps its token itself: never refresh or clear cookies it does not have.
            read = read with { WriteCookies = false };
        }

        switch (lookup.Status)
        {
            case SessionLookupStatus.Found:
                break;
            case SessionLookupStatus.Invalid:
                metrics.SessionResolved(SessionOutcomes.Invalid);
                ClearIfAllowed(httpContext, read);
                return SessionReadResult.None;
            case SessionLookupStatus.None:
                metrics.SessionResolved(SessionOutcomes.None);
                return SessionReadResult.None;
            default:
                // A store that is down: no session, and the cookie stays for when the store is back.
                metrics.SessionResolved(SessionOutcomes.Unavailable);
                return SessionReadResult.None;
        }

        var found = lookup.Session!;
        if (lifetime.HasEnded(found, timeProvider.GetUtcNow()))
        {
            // Past its absolute lifetime: over, wherever it is kept, whatever its own expiry says.
            Log.SessionLifetimeEnded(logger);
            metrics.SessionResolved(SessionOutcomes.Ended);
            await strategy.RevokeAsync(httpContext, found, cancellationToken).ConfigureAwait(false);
            ClearIfAllowed(httpContext, read);
            return SessionReadResult.None;
        }

        var changed = false;
        if (found.ServerUpdates is { } updates)
        {
            // The app changed this session from the server (UpdateSessionsAsync) since its token was issued: apply each
            // change in order before the read, then record the version reached, so the re-issued token has them all.
            foreach (var data in settings.HasJwtCallback ? updates : [])
            {
                if ((await RunJwtCallbackAsync(httpContext, found, JwtTrigger.ServerUpdate, data).ConfigureAwait(false)).Ended)
                {
                    metrics.SessionResolved(SessionOutcomes.Ended);
                    ClearIfAllowed(httpContext, read);
                    return SessionReadResult.None;
                }
            }

            SessionClaims.SetUpdateVersion(found.Token!, found.ServerUpdateVersion);
            changed = true;
        }

        if (found.Token is not null && settings.HasJwtCallback)
        {
            var (ended, tokenChanged) = await RunJwtCallbackAsync(httpContext, found, read.Trigger, read.Data).ConfigureAwait(false);
            if (ended)
            {
                metrics.SessionResolved(SessionOutcomes.Ended);
                ClearIfAllowed(httpContext, read);
                return SessionReadResult.None;
            }

            changed |= tokenChanged;
        }

        var decision = lifetime.Decide(found, timeProvider.GetUtcNow(), forced: read.Trigger == JwtTrigger.Update || changed);
        var refresh = decision.Refresh && (read.WriteCookies || (strategy.RefreshesServerSide && lookup.FromBearer));
        var expires = refresh || (decision.Refresh && !strategy.RefreshesServerSide) ? decision.Expires : found.Expires;
        var session = strategy.ToSession(found, expires);
        if (settings.HasSessionCallback)
        {
            var context = new SessionContext(httpContext, session, found.Token, found.User, read.Trigger, read.Data);
            await settings.Callbacks.SessionAsync(context).ConfigureAwait(false);
            if (context.IsSessionEnded)
            {
                // The app says this session must end (user deactivated, …): revoke it where it is kept, not just the cookie.
                var ended = await strategy.RevokeAsync(httpContext, found, cancellationToken).ConfigureAwait(false);
                metrics.SessionResolved(SessionOutcomes.Ended);
                metrics.Revoked("callback", ended.Ended ? 1 : 0);
                ClearIfAllowed(httpContext, read);
                return SessionReadResult.None;
            }

            session = context.Session;
        }

        if (_userCheck is { } userCheck)
        {
            switch (await userCheck.IsActiveAsync(httpContext, session, found.Token, found.User?.Id).ConfigureAwait(false))
            {
                case false:
                    // The user is gone or deactivated: the session ends where it is kept, as when the session callback ends it.
                    var ended = await strategy.RevokeAsync(httpContext, found, cancellationToken).ConfigureAwait(false);
                    metrics.SessionResolved(SessionOutcomes.Ended);
                    metrics.Revoked("callback", ended.Ended ? 1 : 0);
                    ClearIfAllowed(httpContext, read);
                    return SessionReadResult.None;
                case null:
                    // The check could not run: no session for this request, and nothing ended.
                    metrics.SessionResolved(SessionOutcomes.Unavailable);
                    return SessionReadResult.None;
            }
        }

        if (refresh)
        {
            var refreshed = await strategy.RefreshAsync(httpContext, found, decision.Expires, cancellationToken).ConfigureAwait(false);
            if (!refreshed.Succeeded)
            {
                metrics.SessionResolved(SessionOutcomes.Unavailable);
                return SessionReadResult.None;
            }

            if (refreshed.CookieValue is { Length: var length } && length > settings.MaxSessionTokenSize)
            {
                // A cookie this large would make every later request too large for the server or a proxy (431): keep
                // the current one, and refuse an update outright so the client keeps the session it has.
                Log.SessionTokenTooLarge(logger, length, settings.MaxSessionTokenSize);
                if (read.Trigger == JwtTrigger.Update)
                {
                    metrics.SessionResolved(SessionOutcomes.Authenticated);
                    return SessionReadResult.TooLarge;
                }
            }
            else if (refreshed.CookieValue is { } cookie && read.WriteCookies)
            {
                SessionCookieStore.Write(httpContext, settings.Cookies.SessionToken, settings.Cookies.SessionChunkSize, cookie, found.IsPersistent ? decision.Expires : null);
            }
        }

        if (read.FireEvent && events.HasSessionEvent)
        {
            await events.SessionAsync(new SessionEventContext(httpContext, session, found.Token)).ConfigureAwait(false);
        }

        metrics.SessionResolved(SessionOutcomes.Authenticated);
        return new SessionReadResult(session, found.Token, found.User, found.Stored);
    }

    /// <summary>
    /// Ends the session the request's cookie presents and clears its cookies, then fires the <c>signOut</c> event. False
    /// when the session could not be ended (its store failed): the cookie is kept and the caller reports the failure.
    /// </summary>
    public async Task<bool> SignOutAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), settings.Cookies.SessionToken) is null)
        {
            return true;
        }

        var revoked = await strategy.RevokeAsync(httpContext, null, cancellationToken).ConfigureAwait(false);
        if (!revoked.Ended)
        {
            Log.SignOutFailed(logger);
            return false;
        }

        SessionCookieStore.Clear(httpContext, settings.Cookies.SessionToken);
        settings.Csrf.Renew(httpContext.Response, settings.Cookies.CsrfToken);
        Log.SignedOut(logger);
        metrics.Revoked("sign_out", 1);
        await events.SignOutAsync(new SignOutEventContext(httpContext, revoked.Token, revoked.UserId)).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Runs the <c>jwt</c> callback on the found session's token for <paramref name="trigger"/> (a no-op without one) and
    /// keeps the token it leaves. Whether the callback ended the session, and whether the token's JSON changed: the token is re-encoded only then, and the claims notice their own changes instead of being
    /// serialized before and after (see JwtClaims.BeginTracking).
    /// </summary>
    private async ValueTask<(bool Ended, bool Changed)> RunJwtCallbackAsync(HttpContext httpContext, FoundSession found, JwtTrigger trigger, JsonElement? data)
    {
        var decoded = found.Token!;
        var context = new JwtContext(httpContext, decoded, trigger, null, null, null, data);
        bool changed;
        decoded.BeginTracking();
        try
        {
            await settings.Callbacks.JwtAsync(context).ConfigureAwait(false);
        }
        finally
        {
            changed = decoded.EndTracking();
        }

        if (context.IsSessionEnded)
        {
            return (true, changed);
        }

        if (!ReferenceEquals(context.Token, decoded))
        {
            SessionClaims.CarryOver(decoded, context.Token);
            changed = true;
        }

        found.Token = context.Token;
        return (false, changed);
    }

    private void ClearIfAllowed(HttpContext httpContext, SessionRead read)
    {
        if (read.WriteCookies)
        {
            SessionCookieStore.Clear(httpContext, settings.Cookies.SessionToken);
        }
    }
}
