using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sesame.Diagnostics;
using Sesame.Logging;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Session invalidation for the database strategy and for revocable JWT sessions (<c>Jwt.Revocable</c>; the seed's
/// <c>revokeSession</c> and <c>revokeAllUserSessions</c>), plus "sign out my other devices" and a user's list of active
/// sessions. A revoked database session is gone on the very next request, because every read looks the row up; a
/// revoked JWT session on the next request of the instance that revoked it, and on the others as soon as the store
/// notifies them, at the latest within <c>Jwt.RevocationCheckInterval</c>. Resolve it from DI in your own endpoints.
/// </summary>
public sealed class SesameSessionManager
{
    private readonly ISessionDirectory _sessions;
    private readonly TimeProvider _timeProvider;
    private readonly SesameMetrics _metrics;
    private readonly ILogger _logger;

    internal SesameSessionManager(ISessionDirectory sessions, TimeProvider timeProvider, SesameMetrics metrics, ILogger<SesameSessionManager> logger)
    {
        _sessions = sessions;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>A user's unexpired sessions (their devices), newest activity first.</summary>
    public async Task<IReadOnlyList<SesameSession>> ListSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var sessions = await _sessions.ListAsync(userId, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return [.. sessions.OrderByDescending(s => s.LastSeenAt ?? s.CreatedAt ?? DateTimeOffset.MinValue)];
    }

    /// <summary>Ends one of <paramref name="userId"/>'s sessions by its id; false when the user has no such session.</summary>
    public async Task<bool> RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var revoked = await _sessions.RevokeAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);
        _metrics.Revoked("revoke", revoked ? 1 : 0);
        return revoked;
    }

    /// <summary>Ends the session that <paramref name="sessionToken"/> (a cookie value) belongs to (the seed's <c>revokeSession</c>).</summary>
    public async Task<bool> RevokeSessionByTokenAsync(string sessionToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionToken);
        var revoked = await _sessions.RevokeByTokenAsync(sessionToken, cancellationToken).ConfigureAwait(false);
        _metrics.Revoked("revoke", revoked ? 1 : 0);
        return revoked;
    }

    /// <summary>Ends every session of a user (the seed's <c>revokeAllUserSessions</c>); returns how many.</summary>
    public async Task<int> RevokeAllSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var revoked = await _sessions.RevokeAllAsync(userId, cancellationToken).ConfigureAwait(false);
        _metrics.Revoked("revoke_all", revoked);
        return revoked;
    }

    /// <summary>
    /// Changes the data of every session of <paramref name="userId"/> from the server, without the user's browser (an
    /// admin changed the user's role); each session picks the change up on its next request, on whichever instance
    /// serves it, and that response re-issues the cookie with the new data. Returns how many sessions will.
    /// <para>
    /// Revocable JWT sessions: the token holds the data, so the change is recorded with each session's registration
    /// and handed to the <c>jwt</c> callback with <see cref="Events.JwtTrigger.ServerUpdate"/> and
    /// <paramref name="data"/> as <see cref="Events.JwtContext.Session"/> on the session's next request (after the
    /// revocation check, so within <c>Jwt.RevocationCheckInterval</c>; at once where the store notifies). The callback
    /// applies it to the token as it would apply a client's update, but this data comes from the app, so it may change
    /// what a client must not (the role). Several updates are applied in order.
    /// </para>
    /// <para>
    /// Database sessions: every read builds the session from the user's row (the <c>session</c> callback gets the user),
    /// so change the user in your store first; this call makes sure no cached read outlives the change, and
    /// <paramref name="data"/> is not kept.
    /// </para>
    /// </summary>
    public async Task<int> UpdateSessionsAsync(string userId, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (data.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("The update needs data (a JSON value).", nameof(data));
        }

        var updated = await _sessions.UpdateAsync(userId, data, cancellationToken).ConfigureAwait(false);
        Log.SessionsUpdated(_logger, userId, updated);
        return updated;
    }

    /// <summary>Ends every session of a user but <paramref name="keepSessionId"/> ("sign out my other devices"); returns how many.</summary>
    public async Task<int> RevokeOtherSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(keepSessionId);
        var revoked = await _sessions.RevokeOthersAsync(userId, keepSessionId, cancellationToken).ConfigureAwait(false);
        _metrics.Revoked("revoke_others", revoked);
        return revoked;
    }
}
