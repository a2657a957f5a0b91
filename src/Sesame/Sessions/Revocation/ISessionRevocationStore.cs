using Sesame.Stores;

namespace Sesame.Sessions.Revocation;

/// <summary>
/// Where revocable JWT sessions (<c>SesameOptions.Jwt.Revocable</c>) are registered: a token is honoured only while its
/// session is registered here, so revoking a session is deleting its registration, and a store that lost its data
/// signs its users out rather than in. Each registration lives until the session's expiry (a store may drop it then);
/// a refresh moves it. Shared by every app instance (Redis), or in-process for one instance
/// (<see cref="InMemorySessionRevocationStore"/>). Registered as a singleton; Sesame reads it through a short-lived
/// in-process cache, so <see cref="IsActiveAsync"/> runs about once per session per check interval, not per request.
/// </summary>
public interface ISessionRevocationStore
{
    /// <summary>
    /// Registers a session being issued: <see cref="SesameSession.Id"/> is the token's <c>sid</c>;
    /// <see cref="SesameSession.SessionKey"/> is not used (JWT sessions have no server-side token).
    /// </summary>
    Task RegisterAsync(SesameSession session, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="sessionId"/> is registered, unexpired, for <paramref name="userId"/>.</summary>
    Task<bool> IsActiveAsync(string sessionId, string userId, CancellationToken cancellationToken);

    /// <summary>Moves a registered session's expiry (a refresh issued a token that lasts until <paramref name="expires"/>); false when it is not registered.</summary>
    Task<bool> ExtendAsync(string sessionId, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);

    /// <summary>The user's sessions that expire after <paramref name="now"/>.</summary>
    Task<IReadOnlyList<SesameSession>> ListSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes one of <paramref name="userId"/>'s sessions; false when the user has no such session.</summary>
    Task<bool> RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Revokes every session of <paramref name="userId"/> but <paramref name="exceptSessionId"/> (when given); the ids revoked.</summary>
    Task<IReadOnlyList<string>> RevokeSessionsAsync(string userId, string? exceptSessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="onRevoked"/> with a session's id whenever any instance revokes it, so that every instance
    /// forgets what it cached about the session at once; with <see langword="null"/> when revocations may have been
    /// missed (a notification channel reconnected), so that it forgets everything. A store without notifications
    /// never calls it: the check interval then bounds how long a revocation takes. Disposing the result unsubscribes.
    /// </summary>
    IDisposable Subscribe(Action<string?> onRevoked);
}
