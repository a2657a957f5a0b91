using Sesame.Sessions.Revocation;
using Sesame.Stores;

namespace Sesame.Tests.Sessions.Revocation;

/// <summary>
/// The in-memory store, as a store that does not notify instances (its revocations reach a request only through the
/// check interval, as when Redis pub/sub is lost) and that can be taken down (every call throws).
/// </summary>
internal sealed class ControlledRevocationStore(TimeProvider time, bool notifies) : ISessionRevocationStore
{
    private readonly InMemorySessionRevocationStore _inner = new(time);

    public bool Down { get; set; }

    public int IsActiveCalls;

    public InMemorySessionRevocationStore Inner => _inner;

    public Task RegisterAsync(SesameSession session, CancellationToken cancellationToken) => Up(() => _inner.RegisterAsync(session, cancellationToken));

    public Task<long?> GetVersionAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref IsActiveCalls);
        return Up(() => _inner.GetVersionAsync(sessionId, userId, cancellationToken));
    }

    public Task<IReadOnlyList<string>> AddUpdateAsync(string userId, string data, CancellationToken cancellationToken) =>
        Up(() => _inner.AddUpdateAsync(userId, data, cancellationToken));

    public Task<IReadOnlyList<string>?> GetUpdatesAsync(string sessionId, long afterVersion, long version, CancellationToken cancellationToken) =>
        Up(() => _inner.GetUpdatesAsync(sessionId, afterVersion, version, cancellationToken));

    public Task<bool> ExtendAsync(string sessionId, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        Up(() => _inner.ExtendAsync(sessionId, expires, lastSeenAt, cancellationToken));

    public Task<IReadOnlyList<SesameSession>> ListSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Up(() => _inner.ListSessionsAsync(userId, now, cancellationToken));

    public Task<bool> RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        Up(() => _inner.RevokeSessionAsync(userId, sessionId, cancellationToken));

    public Task<IReadOnlyList<string>> RevokeSessionsAsync(string userId, string? exceptSessionId, CancellationToken cancellationToken) =>
        Up(() => _inner.RevokeSessionsAsync(userId, exceptSessionId, cancellationToken));

    public IDisposable Subscribe(Action<string?> onRevoked) => notifies ? _inner.Subscribe(onRevoked) : new Nothing();

    private Task<T> Up<T>(Func<Task<T>> call) => Down ? Task.FromException<T>(new IOException("the revocation store is down")) : call();

    private Task Up(Func<Task> call) => Down ? Task.FromException(new IOException("the revocation store is down")) : call();

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
