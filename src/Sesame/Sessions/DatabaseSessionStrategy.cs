using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Cookies;
using Sesame.Events;
using Sesame.Logging;
using Sesame.Stores;

namespace Sesame.Sessions;

/// <summary>
/// Sessions as rows in a session store, found by a random token in the cookie (the store holds its hash). A read pushes
/// the row's expiry only once <c>updateAge</c> has passed (one write per window), deletes an expired row, and fails
/// closed when the store is down: "no session", nothing written, an error logged.
/// </summary>
internal sealed class DatabaseSessionStrategy(
    SesameSettings settings,
    SessionEvents events,
    TimeProvider timeProvider,
    ILogger<DatabaseSessionStrategy> logger) : ISessionStrategy
{
    private const int MaxUserAgentLength = 256;

    public async ValueTask<SessionReadResult> ReadAsync(HttpContext httpContext, SessionRead read, CancellationToken cancellationToken)
    {
        var request = httpContext.Request;
        var spec = settings.Cookies.SessionToken;
        var token = SessionTokenSource.Read(httpContext, settings, out var fromBearer);
        if (token is null)
        {
            return SessionReadResult.None;
        }

        // A bearer caller keeps its token itself: its row may slide, but no cookie is ever written or cleared for it.
        var extendRow = read.WriteCookies || fromBearer;
        if (fromBearer)
        {
            read = read with { WriteCookies = false };
        }

        if (token.Length > SessionTokens.MaxLength)
        {
            ClearIfAllowed(httpContext, read);
            return SessionReadResult.None;
        }

        var key = SessionTokens.KeyOf(token, settings.HashSessionTokens);
        var store = httpContext.RequestServices.GetRequiredService<ISessionStore>();
        SesameSessionAndUser? found;
        try
        {
            found = await store.GetSessionAndUserAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Fail closed: no session for this request, but keep the cookie; the row may be fine once the store is back.
            Log.SessionStoreFailed(logger, exception);
            return SessionReadResult.None;
        }

        if (found is null)
        {
            ClearIfAllowed(httpContext, read);
            return SessionReadResult.None;
        }

        var now = timeProvider.GetUtcNow();
        var stored = found.Session;
        if (stored.Expires <= now)
        {
            await DeleteQuietlyAsync(store, key, cancellationToken).ConfigureAwait(false);
            ClearIfAllowed(httpContext, read);
            return SessionReadResult.None;
        }

        var extended = false;
        if (extendRow && stored.Expires - settings.SessionLifetime + settings.SessionUpdateAge <= now)
        {
            var expires = now + settings.SessionLifetime;
            try
            {
                extended = await store.UpdateSessionAsync(key, expires, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.SessionStoreFailed(logger, exception);
                return SessionReadResult.None;
            }

            if (extended)
            {
                stored = stored with { Expires = expires, LastSeenAt = now };
            }
        }

        var user = found.User;
        var session = new Session
        {
            User = new SessionUser { Name = user.Name, Email = user.Email, Image = user.Image },
            Expires = stored.Expires,
        };
        if (settings.HasSessionCallback)
        {
            var context = new SessionContext(httpContext, session, null, user, read.Trigger, read.Data);
            await settings.Callbacks.SessionAsync(context).ConfigureAwait(false);
            if (context.IsSessionEnded)
            {
                // The app says this session must end (user deactivated, …): revoke the row, not just the cookie.
                await DeleteQuietlyAsync(store, key, cancellationToken).ConfigureAwait(false);
                ClearIfAllowed(httpContext, read);
                return SessionReadResult.None;
            }

            session = context.Session;
        }

        if (extended && read.WriteCookies)
        {
            SessionCookieStore.Write(httpContext, spec, settings.Cookies.SessionChunkSize, token, stored.Expires);
        }

        if (read.FireEvent && events.HasSessionEvent)
        {
            await events.SessionAsync(new SessionEventContext(httpContext, session, null)).ConfigureAwait(false);
        }

        return new SessionReadResult(session, null, user, stored);
    }

    public async Task<bool> IssueAsync(HttpContext httpContext, SesameUser user, SesameAccount account, bool? isNewUser, CancellationToken cancellationToken)
    {
        var services = httpContext.RequestServices;
        try
        {
            // The user row exists: the sign-in pipeline found or created it.
            var store = services.GetRequiredService<ISessionStore>();
            var now = timeProvider.GetUtcNow();
            var token = SessionTokens.NewToken();
            var session = new SesameSession
            {
                Id = StoreIds.NewId(),
                SessionKey = SessionTokens.KeyOf(token, settings.HashSessionTokens),
                UserId = user.Id,
                Expires = now + settings.SessionLifetime,
                CreatedAt = now,
                LastSeenAt = now,
                UserAgent = UserAgentOf(httpContext),
                IpAddress = settings.RecordIpAddress ? httpContext.Connection.RemoteIpAddress?.ToString() : null,
            };
            await store.CreateSessionAsync(session, cancellationToken).ConfigureAwait(false);

            // The session this browser presented ends with the new one: a planted or stolen cookie does not outlive the
            // sign-in it was sent with (no fixation, no second session left behind).
            if (SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), settings.Cookies.SessionToken) is { Length: <= SessionTokens.MaxLength } presented)
            {
                await DeleteQuietlyAsync(store, SessionTokens.KeyOf(presented, settings.HashSessionTokens), cancellationToken).ConfigureAwait(false);
            }

            SessionCookieStore.Write(httpContext, settings.Cookies.SessionToken, settings.Cookies.SessionChunkSize, token, session.Expires);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.IssueFailed(logger, exception, user.Id);
            return false;
        }
    }

    public async Task SignOutAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var spec = settings.Cookies.SessionToken;
        var token = SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), spec);
        if (token is null)
        {
            return;
        }

        SesameSession? deleted = null;
        if (token.Length <= SessionTokens.MaxLength)
        {
            try
            {
                deleted = await httpContext.RequestServices.GetRequiredService<ISessionStore>()
                    .DeleteSessionAsync(SessionTokens.KeyOf(token, settings.HashSessionTokens), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.SessionStoreFailed(logger, exception);
            }
        }

        SessionCookieStore.Clear(httpContext, spec);
        Log.SignedOut(logger);
        await events.SignOutAsync(new SignOutEventContext(httpContext, null, deleted?.UserId)).ConfigureAwait(false);
    }

    private async Task DeleteQuietlyAsync(ISessionStore store, string key, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteSessionAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SessionStoreFailed(logger, exception);
        }
    }

    private static string? UserAgentOf(HttpContext httpContext)
    {
        var userAgent = httpContext.Request.Headers.UserAgent.ToString();
        return userAgent.Length == 0 ? null : userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent;
    }

    private void ClearIfAllowed(HttpContext httpContext, SessionRead read)
    {
        if (read.WriteCookies)
        {
            SessionCookieStore.Clear(httpContext, settings.Cookies.SessionToken);
        }
    }
}
