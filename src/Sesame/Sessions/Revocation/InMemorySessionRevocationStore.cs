using Sesame.Stores;

namespace Sesame.Sessions.Revocation;

/// <summary>
/// Revocable JWT sessions registered in this process: for an app that runs as one instance, and for tests. Another
/// instance knows none of these sessions and refuses their tokens (fail closed), and a restart signs everyone out:
/// share a store (Redis) between instances. Expired registrations are dropped as they are met.
/// </summary>
public sealed class InMemorySessionRevocationStore : ISessionRevocationStore
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Registration> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byUser = new(StringComparer.Ordinal);
    private Action<string?>[] _subscribers = [];

    /// <summary>A store on <paramref name="timeProvider"/>'s clock.</summary>
    public InMemorySessionRevocationStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public Task RegisterAsync(SesameSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(session.Id);
        lock (_lock)
        {
            if (!_sessions.TryAdd(session.Id, new Registration(session)))
            {
                throw new SesameStoreConflictException("A session with this id exists.");
            }

            if (!_byUser.TryGetValue(session.UserId, out var ids))
            {
                _byUser[session.UserId] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            ids.Add(session.Id);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long?> GetVersionAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(
                FindRegistration(sessionId) is { } registration && string.Equals(registration.Session.UserId, userId, StringComparison.Ordinal)
                    ? registration.Version
                    : (long?)null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> AddUpdateAsync(string userId, string data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(data);
        var updated = new List<string>();
        lock (_lock)
        {
            if (_byUser.TryGetValue(userId, out var ids))
            {
                foreach (var id in ids.ToArray())
                {
                    if (FindRegistration(id) is { } registration)
                    {
                        registration.Add(data);
                        updated.Add(id);
                    }
                }
            }
        }

        foreach (var id in updated)
        {
            Notify(id);
        }

        return Task.FromResult<IReadOnlyList<string>>(updated);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>?> GetUpdatesAsync(string sessionId, long afterVersion, long version, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(FindRegistration(sessionId)?.UpdatesBetween(afterVersion, version));
        }
    }

    /// <inheritdoc />
    public Task<bool> ExtendAsync(string sessionId, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FindRegistration(sessionId) is not { } registration)
            {
                return Task.FromResult(false);
            }

            registration.Session = registration.Session with { Expires = expires, LastSeenAt = lastSeenAt };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SesameSession>> ListSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var list = new List<SesameSession>();
            if (_byUser.TryGetValue(userId, out var ids))
            {
                foreach (var id in ids.ToArray())
                {
                    if (Find(id) is { } session && session.Expires > now)
                    {
                        list.Add(session);
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<SesameSession>>(list);
        }
    }

    /// <inheritdoc />
    public Task<bool> RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        bool revoked;
        lock (_lock)
        {
            revoked = Find(sessionId) is { } session && string.Equals(session.UserId, userId, StringComparison.Ordinal) && Remove(session);
        }

        if (revoked)
        {
            Notify(sessionId);
        }

        return Task.FromResult(revoked);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RevokeSessionsAsync(string userId, string? exceptSessionId, CancellationToken cancellationToken)
    {
        var revoked = new List<string>();
        lock (_lock)
        {
            if (_byUser.TryGetValue(userId, out var ids))
            {
                foreach (var id in ids.ToArray())
                {
                    if (!string.Equals(id, exceptSessionId, StringComparison.Ordinal) && Find(id) is { } session && Remove(session))
                    {
                        revoked.Add(id);
                    }
                }
            }
        }

        foreach (var id in revoked)
        {
            Notify(id);
        }

        return Task.FromResult<IReadOnlyList<string>>(revoked);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<string?> onRevoked)
    {
        ArgumentNullException.ThrowIfNull(onRevoked);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, onRevoked];
        }

        return new Subscription(this, onRevoked);
    }

    /// <summary>The unexpired registration of <paramref name="sessionId"/>; an expired one is dropped. Under the lock.</summary>
    private SesameSession? Find(string sessionId) => FindRegistration(sessionId)?.Session;

    private Registration? FindRegistration(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var registration))
        {
            return null;
        }

        if (registration.Session.Expires > _timeProvider.GetUtcNow())
        {
            return registration;
        }

        Remove(registration.Session);
        return null;
    }

    private bool Remove(SesameSession session)
    {
        if (!_sessions.Remove(session.Id))
        {
            return false;
        }

        if (_byUser.TryGetValue(session.UserId, out var ids) && ids.Remove(session.Id) && ids.Count == 0)
        {
            _byUser.Remove(session.UserId);
        }

        return true;
    }

    private void Notify(string sessionId)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(sessionId);
        }
    }

    /// <summary>A registered session, its version and its latest updates (the data of versions Version - Count + 1 to Version).</summary>
    private sealed class Registration(SesameSession session)
    {
        private readonly Queue<string> _updates = new();

        public SesameSession Session { get; set; } = session;

        public long Version { get; private set; }

        public void Add(string data)
        {
            Version++;
            _updates.Enqueue(data);
            if (_updates.Count > ISessionRevocationStore.KeptUpdates)
            {
                _updates.Dequeue();
            }
        }

        public IReadOnlyList<string>? UpdatesBetween(long afterVersion, long version)
        {
            var oldestKept = Version - _updates.Count + 1;
            if (afterVersion < 0 || version > Version || afterVersion >= version || afterVersion + 1 < oldestKept)
            {
                return afterVersion == version && version <= Version ? [] : null;
            }

            return [.. _updates.Skip((int)(afterVersion + 1 - oldestKept)).Take((int)(version - afterVersion))];
        }
    }

    private sealed class Subscription(InMemorySessionRevocationStore store, Action<string?> onRevoked) : IDisposable
    {
        public void Dispose()
        {
            lock (store._lock)
            {
                store._subscribers = [.. store._subscribers.Where(s => s != onRevoked)];
            }
        }
    }
}
