using System.Collections.Concurrent;

namespace Sesame.Sessions.Revocation;

/// <summary>
/// What this instance last heard from the revocation store about each session it served, trusted for at most the check
/// interval from the moment the question was asked (not answered), so that a revocation the notifications missed
/// reaches every request within the interval. A lookup that hits allocates nothing and reads the monotonic clock once.
/// A notification removes the entry at once; an answer that was in flight while any revocation arrived is used for its
/// own request but not kept, so it cannot put back what the notification removed.
/// </summary>
internal sealed class RevocationCache(TimeProvider timeProvider, TimeSpan interval)
{
    /// <summary>Past this many sessions, stale entries are dropped, then all if that was not enough.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _intervalTicks = (long)(interval.TotalSeconds * timeProvider.TimestampFrequency);
    private long _revocations;

    public int Count => _entries.Count;

    /// <summary>
    /// Whether a fresh answer for <paramref name="sessionId"/> of <paramref name="userId"/> is known, and what it was:
    /// the session's version while it is active, <see langword="null"/> when it is revoked.
    /// </summary>
    public bool TryGet(string sessionId, string userId, out long? version)
    {
        version = null;
        if (!_entries.TryGetValue(sessionId, out var entry) || timeProvider.GetTimestamp() - entry.AskedAt >= _intervalTicks)
        {
            return false;
        }

        if (entry.Version is null)
        {
            return true; // revoked is revoked, whoever asks
        }

        if (!string.Equals(entry.UserId, userId, StringComparison.Ordinal))
        {
            return false;
        }

        version = entry.Version;
        return true;
    }

    /// <summary>Call before asking the store; pass the result to <see cref="Set"/> with its answer.</summary>
    public Question Ask() => new(timeProvider.GetTimestamp(), Interlocked.Read(ref _revocations));

    /// <summary>
    /// Keeps the store's answer to <paramref name="question"/> (the version, or <see langword="null"/> for revoked),
    /// unless a revocation or an update arrived while it was asked.
    /// </summary>
    public void Set(string sessionId, string userId, long? version, Question question)
    {
        if (_intervalTicks <= 0 || (version is not null && Interlocked.Read(ref _revocations) != question.Revocations))
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            Trim();
        }

        _entries[sessionId] = new Entry(userId, version, question.AskedAt);
    }

    /// <summary>Forgets <paramref name="sessionId"/> (revoked or updated somewhere), or everything with <see langword="null"/>.</summary>
    public void Forget(string? sessionId)
    {
        Interlocked.Increment(ref _revocations);
        if (sessionId is null)
        {
            _entries.Clear();
        }
        else
        {
            _entries.TryRemove(sessionId, out _);
        }
    }

    private void Trim()
    {
        var now = timeProvider.GetTimestamp();
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.AskedAt >= _intervalTicks)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
    }

    /// <summary>When a question was asked (monotonic timestamp), and how many revocations had arrived by then.</summary>
    internal readonly record struct Question(long AskedAt, long Revocations);

    private sealed record Entry(string UserId, long? Version, long AskedAt);
}
