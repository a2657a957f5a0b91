namespace Sesame.Logging;

/// <summary>
/// At most <c>limit</c> log lines per window, for log lines anyone can cause (the unauthenticated client log): past the
/// limit, lines are dropped until the next window. Approximate under contention, which is enough to bound a flood.
/// </summary>
internal sealed class LogRateLimit(TimeProvider time, int limit, TimeSpan window)
{
    public const int ClientLogLinesPerWindow = 10;

    private readonly long _windowTicks = (long)(window.TotalSeconds * time.TimestampFrequency);
    private long _windowStart = time.GetTimestamp();
    private int _count;

    public bool TryAcquire()
    {
        var now = time.GetTimestamp();
        var start = Interlocked.Read(ref _windowStart);
        if (now - start >= _windowTicks && Interlocked.CompareExchange(ref _windowStart, now, start) == start)
        {
            Interlocked.Exchange(ref _count, 0);
        }

        return Interlocked.Increment(ref _count) <= limit;
    }
}
