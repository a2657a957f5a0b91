namespace Sesame.Stores;

/// <summary>
/// Keeps database sessions (next-auth's adapter <c>createSession</c>, <c>getSessionAndUser</c>, <c>updateSession</c>,
/// <c>deleteSession</c>, plus what a device list and "sign out everywhere" need). Sessions are found by
/// <see cref="SesameSession.SessionKey"/> (what the cookie maps to) or, scoped to their user, by the non-secret
/// <see cref="SesameSession.Id"/>. A store never reads the clock: expiry is the caller's to check, except where a
/// method takes the current time.
/// </summary>
public interface ISessionStore
{
    /// <summary>Stores a new session.</summary>
    /// <param name="session">The session; an empty <see cref="SesameSession.Id"/> lets the store choose one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored session, with its id.</returns>
    /// <exception cref="SesameStoreConflictException">The id or the key is taken, or the user does not exist.</exception>
    Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken);

    /// <summary>
    /// Finds a session and its user by session key, in one read: this runs on every request under the database
    /// strategy. Expired sessions are returned too (as next-auth's adapters do); the caller checks
    /// <see cref="SesameSession.Expires"/>.
    /// </summary>
    /// <returns>The session and its user, or <see langword="null"/> when there is no such session.</returns>
    Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>Extends a session: sets its expiry and when it was last seen.</summary>
    /// <returns><see langword="true"/> when the session existed.</returns>
    Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);

    /// <summary>Deletes a session by key (sign-out, an expired session presented again).</summary>
    /// <returns>The deleted session, or <see langword="null"/> when there was none.</returns>
    Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>Deletes one of a user's sessions by its id (revoking a device from the device list).</summary>
    /// <returns><see langword="true"/> when the user had that session; another user's session is left alone.</returns>
    Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Deletes all of a user's sessions ("sign out everywhere").</summary>
    /// <returns>How many sessions were deleted.</returns>
    Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Deletes all of a user's sessions except one ("sign out everywhere else").</summary>
    /// <param name="userId">The user.</param>
    /// <param name="keepSessionId">The id of the session to keep, usually the current one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many sessions were deleted.</returns>
    Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken);

    /// <summary>Lists a user's active sessions, those whose <see cref="SesameSession.Expires"/> is after <paramref name="now"/>.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sessions, latest expiry (most recently extended) first.</returns>
    Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);
}
