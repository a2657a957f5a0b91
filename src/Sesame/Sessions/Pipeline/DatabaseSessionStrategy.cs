using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Cookies;
using Sesame.Logging;
using Sesame.Sessions.Caching;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Sessions as rows in a session store, found by a random token in the cookie (the store holds its hash). Finding one
/// deletes an expired row; refreshing one moves its expiry (the pipeline does so at most once per <c>updateAge</c>);
/// a store that is down fails closed: "no session", nothing written, an error logged.
/// </summary>
internal sealed class DatabaseSessionStrategy(
    SesameSettings settings,
    SessionLifetimePolicy lifetime,
    TimeProvider timeProvider,
    DatabaseSessionCache cache,
    Diagnostics.SesameMetrics metrics,
    ILogger<DatabaseSessionStrategy> logger) : ISessionStrategy
{

    private readonly StoreFailureLog _storeFailures = new(timeProvider, logger, Log.SessionStoreFailed);

    public bool RefreshesServerSide => true;

    public ValueTask<SessionLookup> FindAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var token = SessionTokenSource.Read(httpContext, settings, out var fromBearer);
        if (token is null)
        {
            return ValueTask.FromResult(SessionLookup.None);
        }

        if (token.Length > SessionTokens.MaxLength)
        {
            return ValueTask.FromResult(SessionLookup.Invalid(fromBearer));
        }

        var now = timeProvider.GetUtcNow();
        if (cache.Enabled)
        {
            // A hit completes here, without the token's SHA-256 (a third of a hit's cost) and without a state machine:
            // the cache is keyed by the cookie's value, which this process holds for the request anyway.
            var hit = cache.TryGet(token, now, out var cached);
            metrics.SessionCacheLookup(hit);
            if (hit)
            {
                return ValueTask.FromResult(Found(cached, token, fromBearer));
            }
        }

        return ReadStoreAsync(httpContext, token, fromBearer, now, cancellationToken);
    }

    private async ValueTask<SessionLookup> ReadStoreAsync(HttpContext httpContext, string token, bool fromBearer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = SessionTokens.KeyOf(token, settings.HashSessionTokens);
        var store = httpContext.RequestServices.GetRequiredService<ISessionStore>();
        var readStarted = cache.StartRead();
        SesameSessionAndUser? found;
        var started = metrics.StoreCallStarting();
        try
        {
            found = await store.GetSessionAndUserAsync(key, cancellationToken).ConfigureAwait(false);
            metrics.StoreCallEnded(started, "session.read");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.StoreCallEnded(started, "session.read", exception);
            // Fail closed: no session for this request, but keep the cookie; the row may be fine once the store is back.
            _storeFailures.Failed(exception);
            return SessionLookup.Unavailable(fromBearer);
        }

        if (found is null)
        {
            return SessionLookup.Invalid(fromBearer);
        }

        if (found.Session.Expires <= now)
        {
            await DeleteQuietlyAsync(store, key, cancellationToken).ConfigureAwait(false);
            return SessionLookup.Invalid(fromBearer);
        }

        cache.Add(token, found, now, readStarted);
        return Found(found, token, fromBearer);
    }

    private SessionLookup Found(SesameSessionAndUser found, string token, bool fromBearer)
    {
        var stored = found.Session;
        return SessionLookup.Found(new FoundSession
        {
            User = found.User,
            Stored = stored,
            SessionToken = token,
            Expires = stored.Expires,
            // Every refresh records when it happened; a next-auth row has no such time, but its expiry moved by the whole
            // lifetime at its last refresh (an absolute deadline may cut the expiry short, so it is only the fallback).
            RefreshedAt = stored.LastSeenAt ?? stored.Expires - lifetime.IdleOf(stored.Persistent != false),
        }, fromBearer);
    }

    public Session ToSession(FoundSession found, DateTimeOffset expires)
    {
        var user = found.User!;
        return new Session
        {
            User = new SessionUser { Name = user.Name, Email = user.Email, Image = user.Image },
            Expires = expires,
        };
    }

    public async ValueTask<RefreshResult> RefreshAsync(HttpContext httpContext, FoundSession found, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var key = SessionTokens.KeyOf(found.SessionToken!, settings.HashSessionTokens);
        bool extended;
        var started = metrics.StoreCallStarting();
        try
        {
            extended = await httpContext.RequestServices.GetRequiredService<ISessionStore>()
                .UpdateSessionAsync(key, expires, now, cancellationToken).ConfigureAwait(false);
            metrics.StoreCallEnded(started, "session.update");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.StoreCallEnded(started, "session.update", exception);
            _storeFailures.Failed(exception);
            return RefreshResult.Failed;
        }

        if (!extended)
        {
            return RefreshResult.Unchanged;
        }

        // the cached row (here and on the other instances) has the old expiry, and an update may have changed the user
        await cache.ChangedAsync(found.Stored!.UserId, cancellationToken).ConfigureAwait(false);

        found.Stored = found.Stored! with { Expires = expires, LastSeenAt = now };
        found.Expires = expires;
        return new RefreshResult(true, found.SessionToken);
    }

    public async Task<bool> IssueAsync(HttpContext httpContext, SessionGrant grant, CancellationToken cancellationToken)
    {
        // (a row keeps no authentication methods: the database session callback sees the user, not how they signed in)
        var (user, persistent) = (grant.User, grant.Persistent);
        try
        {
            // The user row exists: the sign-in pipeline found or created it.
            var store = httpContext.RequestServices.GetRequiredService<ISessionStore>();
            var now = timeProvider.GetUtcNow();
            var token = SessionTokens.NewToken();
            var session = new SesameSession
            {
                Id = StoreIds.NewId(),
                SessionKey = SessionTokens.KeyOf(token, settings.HashSessionTokens),
                UserId = user.Id,
                Expires = lifetime.ExpiresAtSignIn(now, persistent),
                CreatedAt = now,
                LastSeenAt = now,
                UserAgent = SessionUserAgent.Of(httpContext),
                IpAddress = settings.RecordIpAddress ? httpContext.Connection.RemoteIpAddress?.ToString() : null,
                // only a browser session says so: a persistent row looks as next-auth writes it
                Persistent = persistent ? null : false,
            };
            await metrics.StoreCallAsync("session.create", () => store.CreateSessionAsync(session, cancellationToken)).ConfigureAwait(false);

            // The session this browser presented ends with the new one: a planted or stolen cookie does not outlive the
            // sign-in it was sent with (no fixation, no second session left behind).
            if (SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), settings.Cookies.SessionToken) is { Length: <= SessionTokens.MaxLength } presented)
            {
                await DeleteQuietlyAsync(store, SessionTokens.KeyOf(presented, settings.HashSessionTokens), cancellationToken).ConfigureAwait(false);
            }

            SessionCookieStore.Write(httpContext, settings.Cookies.SessionToken, settings.Cookies.SessionChunkSize, token, persistent ? session.Expires : null);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.IssueFailed(logger, exception, user.Id);
            return false;
        }
    }

    public async Task<RevokeResult> RevokeAsync(HttpContext httpContext, FoundSession? found, CancellationToken cancellationToken)
    {
        var token = found?.SessionToken ?? SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), settings.Cookies.SessionToken);
        if (token is null || token.Length > SessionTokens.MaxLength)
        {
            // Not a token of ours: there is no row it could stand for.
            return new RevokeResult(true, null);
        }

        var started = metrics.StoreCallStarting();
        try
        {
            var deleted = await httpContext.RequestServices.GetRequiredService<ISessionStore>()
                .DeleteSessionAsync(SessionTokens.KeyOf(token, settings.HashSessionTokens), cancellationToken).ConfigureAwait(false);
            metrics.StoreCallEnded(started, "session.delete");
            started = 0; // what fails from here on is the cache's, not the store's
            if ((deleted?.UserId ?? found?.Stored?.UserId) is { } userId)
            {
                await cache.ChangedAsync(userId, cancellationToken).ConfigureAwait(false);
            }

            return new RevokeResult(true, deleted?.UserId ?? found?.User?.Id);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.StoreCallEnded(started, "session.delete", exception);
            _storeFailures.Failed(exception);
            return new RevokeResult(false, found?.User?.Id);
        }
    }

    public ISessionDirectory? DirectoryFor(IServiceProvider services) =>
        services.GetService<ISessionStore>() is { } store ? new StoreSessionDirectory(store, settings, timeProvider, cache, metrics) : null;

    private async Task DeleteQuietlyAsync(ISessionStore store, string key, CancellationToken cancellationToken)
    {
        var started = metrics.StoreCallStarting();
        try
        {
            var deleted = await store.DeleteSessionAsync(key, cancellationToken).ConfigureAwait(false);
            metrics.StoreCallEnded(started, "session.delete");
            started = 0; // what fails from here on is the cache's, not the store's
            if (deleted is not null)
            {
                await cache.ChangedAsync(deleted.UserId, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.StoreCallEnded(started, "session.delete", exception);
            _storeFailures.Failed(exception);
        }
    }
}
