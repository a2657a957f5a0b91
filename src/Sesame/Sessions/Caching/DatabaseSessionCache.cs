using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sesame.Caching;
using Sesame.Logging;
using Sesame.Stores;

namespace Sesame.Sessions.Caching;

/// <summary>
/// The database strategy's in-process cache of sessions read from the store (opt-in,
/// <see cref="SesameSessionCacheOptions"/>): a hit is one dictionary lookup and no store call. An entry is served for
/// at most <see cref="SesameSessionCacheOptions.Duration"/>, only while its session has not expired, and only while
/// nothing changed its user's sessions since it was read: every write Sesame makes to a user's sessions (sign-out,
/// revocation, refresh, update, a server-side update) bumps that user's stamp here at once and, through the
/// <see cref="ISessionCacheNotifier"/>, on every other instance. Only stored, fully authenticated sessions are ever
/// cached: a partial (second-factor) sign-in lives in a cookie of its own and never reaches the store.
/// </summary>
internal sealed class DatabaseSessionCache : IDisposable
{
    private readonly TimeSpan _duration;
    private readonly int _maxEntries;
    private readonly ISessionCacheNotifier? _notifier;
    private readonly IDisposable? _subscription;
    private readonly ILogger<DatabaseSessionCache> _logger;
    private State _state;

    // Counts every change; a read that started before a change to its user is not cached (it may hold the old row).
    private long _changes;

    public DatabaseSessionCache(SesameSessionCacheOptions options, ISessionCacheNotifier? notifier, ILogger<DatabaseSessionCache> logger)
    {
        _duration = options.Duration;
        _maxEntries = options.MaxEntries;
        _logger = logger;
        Enabled = options.Enabled;
        _state = new State(Enabled ? _maxEntries : 1);
        if (Enabled && notifier is not null)
        {
            _notifier = notifier;
            _subscription = notifier.Subscribe(OnNotified);
        }
    }

    public bool Enabled { get; }

    /// <summary>The session of the cookie value <paramref name="token"/>, when read from the store less than the duration ago, unchanged since and not expired at <paramref name="now"/>.</summary>
    /// <remarks>
    /// Keyed by the token itself, not by the store's key (its SHA-256): a hit then costs no hash. Only a token whose row
    /// the store returned is ever added, so made-up tokens do not fill the cache.
    /// </remarks>
    public bool TryGet(string token, DateTimeOffset now, out SesameSessionAndUser found)
    {
        if (Enabled && Volatile.Read(ref _state).Entries.TryGetValue(token, out var entry) && entry.IsCurrent(now))
        {
            found = entry.Found;
            return true;
        }

        found = null!;
        return false;
    }

    /// <summary>Call before reading the store; pass the result to <see cref="Add"/>.</summary>
    public long StartRead() => Volatile.Read(ref _changes);

    /// <summary>Caches what the store answered, unless the user's sessions changed while it was being read.</summary>
    public void Add(string token, SesameSessionAndUser found, DateTimeOffset now, long readStarted)
    {
        if (!Enabled)
        {
            return;
        }

        var state = Volatile.Read(ref _state);
        if (state.ClearedAt > readStarted)
        {
            return;
        }

        if (state.Users.Count >= 2 * _maxEntries)
        {
            // the stamps of users long gone outnumber the entries: start afresh (rare; the next reads go to the store)
            ForgetAll();
            return;
        }

        var stamp = state.Users.GetOrAdd(found.Session.UserId, static _ => new UserStamp());
        var version = Volatile.Read(ref stamp.Version);
        if (Volatile.Read(ref stamp.ChangedAt) > readStarted)
        {
            return;
        }

        // Each entry lives 80 to 100 % of the duration, so that sessions cached together (an instance starting, a
        // burst of sign-ins) are not all read again in the same instant: a burst of store reads stalls every request.
        var lifetime = _duration * (0.8 + (0.2 * Random.Shared.NextDouble()));
        state.Entries.Set(token, new Entry(found, now + lifetime, stamp, version));
    }

    /// <summary>
    /// A user's sessions changed: no cached read of them is served again, here at once and on the other instances as
    /// soon as the notification arrives. A failed notification is logged; the others then catch up within the duration.
    /// </summary>
    public async Task ChangedAsync(string userId, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        Forget(userId);
        if (_notifier is { } notifier)
        {
            try
            {
                await notifier.PublishUserChangedAsync(userId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.SessionCacheNotifyFailed(_logger, exception, _duration);
            }
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private void OnNotified(string? userId)
    {
        if (userId is null)
        {
            ForgetAll();
        }
        else
        {
            Forget(userId);
        }
    }

    private void Forget(string userId)
    {
        var at = Interlocked.Increment(ref _changes);
        var stamp = Volatile.Read(ref _state).Users.GetOrAdd(userId, static _ => new UserStamp());
        Interlocked.Increment(ref stamp.Version);
        InterlockedMax(ref stamp.ChangedAt, at);
    }

    private void ForgetAll()
    {
        var at = Interlocked.Increment(ref _changes);
        Volatile.Write(ref _state, new State(_maxEntries) { ClearedAt = at });
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Volatile.Read(ref location);
        while (current < value)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private sealed class State(int capacity)
    {
        public readonly RecentValues<Entry> Entries = new(capacity);
        public readonly ConcurrentDictionary<string, UserStamp> Users = new(StringComparer.Ordinal);
        public long ClearedAt;
    }

    /// <summary>How many times a user's sessions changed, and when last (in <see cref="_changes"/>).</summary>
    private sealed class UserStamp
    {
        public long Version;
        public long ChangedAt;
    }

    private sealed class Entry(SesameSessionAndUser found, DateTimeOffset cachedUntil, UserStamp user, long version)
    {
        public SesameSessionAndUser Found => found;

        public bool IsCurrent(DateTimeOffset now) =>
            now < cachedUntil && now < found.Session.Expires && Volatile.Read(ref user.Version) == version;
    }
}
