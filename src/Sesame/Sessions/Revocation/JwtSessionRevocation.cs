using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Jwt;
using Sesame.Logging;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;

namespace Sesame.Sessions.Revocation;

/// <summary>
/// Revocable JWT sessions (<c>Jwt.Revocable</c>) for the JWT strategy: names and registers each session issued, checks
/// on every read that it is still registered (one cached lookup; the store only once per session per check interval),
/// moves its registration when a refresh extends it, and revokes it. Turned off, <see cref="Enabled"/> is false and
/// nothing here runs. Every instance forgets a revoked session at once when the store notifies it.
/// </summary>
internal sealed class JwtSessionRevocation : IDisposable
{
    private readonly ISessionRevocationStore? _store;
    private readonly RevocationCache? _cache;
    private readonly IDisposable? _subscription;
    private readonly SesameSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Diagnostics.SesameMetrics _metrics;
    private readonly StoreFailureLog _storeFailures;

    public JwtSessionRevocation(SesameSettings settings, ISessionRevocationStore? store, TimeProvider timeProvider, Diagnostics.SesameMetrics metrics, ILogger<JwtSessionRevocation> logger)
    {
        _settings = settings;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _storeFailures = new StoreFailureLog(timeProvider, logger, Log.RevocationStoreFailed);
        if (settings.JwtRevocable && store is not null)
        {
            _store = store;
            _cache = new RevocationCache(timeProvider, settings.RevocationCheckInterval);
            _subscription = store.Subscribe(_cache.Forget);
        }
    }

    public bool Enabled => _store is not null;

    internal RevocationCache? Cache => _cache;

    /// <summary>
    /// Whether <paramref name="token"/>'s session is still registered, and its version. Completes synchronously,
    /// allocating nothing, when the answer is cached.
    /// </summary>
    public ValueTask<RevocationCheck> CheckAsync(JwtClaims token, CancellationToken cancellationToken)
    {
        if (SessionClaims.SessionIdOf(token) is not { } sessionId || token.Subject is not { } userId)
        {
            // issued before revocation was turned on, or by next-auth: nothing could revoke it, so it is not honoured
            return new ValueTask<RevocationCheck>(RevocationCheck.Revoked);
        }

        if (_cache!.TryGet(sessionId, userId, out var version))
        {
            return new ValueTask<RevocationCheck>(version is { } v ? RevocationCheck.Active(v) : RevocationCheck.Revoked);
        }

        return AskAsync(sessionId, userId, cancellationToken);
    }

    /// <summary>
    /// The server-side updates <paramref name="token"/> has not applied, up to <paramref name="version"/>, oldest
    /// first: Active with them; Revoked when the session is gone or some of them are no longer kept (the token cannot
    /// be brought up to date, so it must not be used); Unavailable when the store failed (logged).
    /// </summary>
    public async Task<(RevocationStatus Status, IReadOnlyList<JsonElement> Updates)> PendingUpdatesAsync(JwtClaims token, long version, CancellationToken cancellationToken)
    {
        var sessionId = SessionClaims.SessionIdOf(token)!;
        IReadOnlyList<string>? stored;
        try
        {
            stored = await _store!.GetUpdatesAsync(sessionId, SessionClaims.UpdateVersionOf(token), version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _storeFailures.Failed(exception);
            return (RevocationStatus.Unavailable, []);
        }

        var updates = new List<JsonElement>(stored?.Count ?? 0);
        foreach (var data in stored ?? [])
        {
            try
            {
                using var document = JsonDocument.Parse(data);
                updates.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                stored = null; // not what Sesame wrote: the update cannot be applied
                break;
            }
        }

        if (stored is null)
        {
            Log.SessionUpdatesLost(_logger, sessionId);
            return (RevocationStatus.Revoked, []);
        }

        return (RevocationStatus.Active, updates);
    }

    /// <summary>
    /// Records a server-side update of every registered session of <paramref name="userId"/> and forgets them here at
    /// once (the store notifies the other instances); how many sessions will apply it on their next request.
    /// </summary>
    public async Task<int> AddUpdateAsync(string userId, JsonElement data, CancellationToken cancellationToken)
    {
        var updated = await _store!.AddUpdateAsync(userId, data.GetRawText(), cancellationToken).ConfigureAwait(false);
        foreach (var sessionId in updated)
        {
            _cache!.Forget(sessionId);
        }

        return updated.Count;
    }

    /// <summary>
    /// Names the session being issued (<c>sid</c>; the token keeps the user id in <c>sub</c>) and registers it until
    /// <paramref name="expires"/>. False when the store failed (logged): the sign-in must not issue the token.
    /// </summary>
    public async Task<bool> RegisterAsync(HttpContext httpContext, JwtClaims token, string userId, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        token.Subject ??= userId;
        var sessionId = StoreIds.NewId();
        SessionClaims.SetSessionId(token, sessionId);
        try
        {
            await _store!.RegisterAsync(new SesameSession
            {
                Id = sessionId,
                SessionKey = "",
                UserId = token.Subject,
                Expires = expires,
                CreatedAt = now,
                LastSeenAt = now,
                UserAgent = SessionUserAgent.Of(httpContext),
                IpAddress = _settings.RecordIpAddress ? httpContext.Connection.RemoteIpAddress?.ToString() : null,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.RevocableSessionNotRegistered(_logger, exception, token.Subject);
            return false;
        }
    }

    /// <summary>Moves the registration of a session being refreshed until <paramref name="expires"/>. False when it is gone (revoked meanwhile) or the store failed.</summary>
    public async ValueTask<bool> ExtendAsync(JwtClaims token, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        if (SessionClaims.SessionIdOf(token) is not { } sessionId)
        {
            return false;
        }

        try
        {
            if (await _store!.ExtendAsync(sessionId, expires, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            _cache!.Forget(sessionId);
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _storeFailures.Failed(exception);
            return false;
        }
    }

    /// <summary>
    /// Revokes <paramref name="token"/>'s session. True when it is over (revoked now, or nothing to revoke: no token,
    /// no <c>sid</c>); false when the store failed (logged), so that a sign-out does not report success.
    /// </summary>
    public async Task<bool> RevokeAsync(JwtClaims? token, CancellationToken cancellationToken)
    {
        if (token is null || SessionClaims.SessionIdOf(token) is not { } sessionId || token.Subject is not { } userId)
        {
            return true;
        }

        try
        {
            await RevokeSessionAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _storeFailures.Failed(exception);
            return false;
        }
    }

    /// <summary>Revokes one session of a user in the store, and forgets it here at once (whether or not the store notifies).</summary>
    public async Task<bool> RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var revoked = await _store!.RevokeSessionAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);
        _cache!.Forget(sessionId);
        return revoked;
    }

    /// <summary>Revokes a user's sessions but <paramref name="exceptSessionId"/>, and forgets them here at once; how many.</summary>
    public async Task<int> RevokeSessionsAsync(string userId, string? exceptSessionId, CancellationToken cancellationToken)
    {
        var revoked = await _store!.RevokeSessionsAsync(userId, exceptSessionId, cancellationToken).ConfigureAwait(false);
        foreach (var sessionId in revoked)
        {
            _cache!.Forget(sessionId);
        }

        return revoked.Count;
    }

    public Task<IReadOnlyList<SesameSession>> ListSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        _store!.ListSessionsAsync(userId, now, cancellationToken);

    public void Dispose() => _subscription?.Dispose();

    private async ValueTask<RevocationCheck> AskAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        var question = _cache!.Ask();
        long? version;
        var started = _metrics.StoreCallStarting();
        try
        {
            version = await _store!.GetVersionAsync(sessionId, userId, cancellationToken).ConfigureAwait(false);
            _metrics.StoreCallEnded(started, "jwt_session.check");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _metrics.StoreCallEnded(started, "jwt_session.check", exception);
            _storeFailures.Failed(exception);
            return RevocationCheck.Unavailable;
        }

        _cache.Set(sessionId, userId, version, question);
        return version is { } v ? RevocationCheck.Active(v) : RevocationCheck.Revoked;
    }
}
