using Sesame.Stores;

namespace Sesame.Sessions.Revocation;

/// <summary>
/// Where revocable JWT sessions (<c>SesameOptions.Jwt.Revocable</c>) are registered: a token is honoured only while its
/// session is registered here, so revoking a session is deleting its registration, and a store that lost its data
/// signs its users out rather than in. Each registration lives until the session's expiry (a store may drop it then);
/// a refresh moves it. Shared by every app instance (Redis), or in-process for one instance
/// (<see cref="InMemorySessionRevocationStore"/>). Registered as a singleton; Sesame reads it through a short-lived
/// in-process cache, so <see cref="GetVersionAsync"/> runs about once per session per check interval, not per request.
/// A registration also carries the session's server-side updates (<see cref="AddUpdateAsync"/>): data the app changed
/// without the user's browser, which the next request of the session applies to its token, on whichever instance.
/// </summary>
public interface ISessionRevocationStore
{
    /// <summary>How many of a session's latest updates a store keeps at least; a token further behind must sign in again.</summary>
    public const int KeptUpdates = 16;

    /// <summary>
    /// Registers a session being issued: <see cref="SesameSession.Id"/> is the token's <c>sid</c>;
    /// <see cref="SesameSession.SessionKey"/> is not used (JWT sessions have no server-side token).
    /// </summary>
    Task RegisterAsync(SesameSession session, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="sessionId"/> is registered, unexpired, for <paramref name="userId"/>: <see langword="null"/>
    /// when it is not (revoked, expired, never registered); else its version, the number of updates recorded for it
    /// (0 for none), which a token that applied fewer must catch up with.
    /// </summary>
    Task<long?> GetVersionAsync(string sessionId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a server-side update of <paramref name="userId"/>'s session data (<paramref name="data"/>, JSON) with
    /// every registered session of the user: each session's version goes up by one and the update is kept with it
    /// (the latest <see cref="KeptUpdates"/> at least), and subscribers are notified of each session as for a
    /// revocation, so that every instance asks again. The ids of the sessions updated.
    /// </summary>
    Task<IReadOnlyList<string>> AddUpdateAsync(string userId, string data, CancellationToken cancellationToken);

    /// <summary>
    /// The data of <paramref name="sessionId"/>'s updates numbered <paramref name="afterVersion"/> + 1 to
    /// <paramref name="version"/>, oldest first; <see langword="null"/> when the session is gone or any of them is no
    /// longer kept.
    /// </summary>
    Task<IReadOnlyList<string>?> GetUpdatesAsync(string sessionId, long afterVersion, long version, CancellationToken cancellationToken);

    /// <summary>Moves a registered session's expiry (a refresh issued a token that lasts until <paramref name="expires"/>); false when it is not registered.</summary>
    Task<bool> ExtendAsync(string sessionId, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);

    /// <summary>The user's sessions that expire after <paramref name="now"/>.</summary>
    Task<IReadOnlyList<SesameSession>> ListSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes one of <paramref name="userId"/>'s sessions; false when the user has no such session.</summary>
    Task<bool> RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Revokes every session of <paramref name="userId"/> but <paramref name="exceptSessionId"/> (when given); the ids revoked.</summary>
    Task<IReadOnlyList<string>> RevokeSessionsAsync(string userId, string? exceptSessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="onRevoked"/> with a session's id whenever any instance revokes or updates it, so that every instance
    /// forgets what it cached about the session at once; with <see langword="null"/> when revocations may have been
    /// missed (a notification channel reconnected), so that it forgets everything. A store without notifications
    /// never calls it: the check interval then bounds how long a revocation takes. Disposing the result unsubscribes.
    /// </summary>
    IDisposable Subscribe(Action<string?> onRevoked);
}
