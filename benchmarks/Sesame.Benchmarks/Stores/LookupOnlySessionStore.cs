using Sesame.Stores;

namespace Sesame.Benchmarks.Stores;

/// <summary>A session store that only looks sessions up: the baselines the lookup benchmarks compare with.</summary>
internal abstract class LookupOnlySessionStore : ISessionStore
{
    public abstract Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken);

    public Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
