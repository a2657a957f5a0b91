namespace Sesame.StackExchangeRedis.Shared;

/// <summary>The time to live that makes a key disappear when its record expires.</summary>
internal static class RedisTtl
{
    /// <summary>
    /// Milliseconds from <paramref name="now"/> until <paramref name="expires"/>, rounded up, at least 1: a record
    /// already expired when it is written lives for a millisecond (Redis refuses a TTL of zero or less), as good as gone.
    /// </summary>
    public static long Milliseconds(DateTimeOffset expires, DateTimeOffset now)
    {
        var ticks = (expires - now).Ticks;
        if (ticks <= 0)
        {
            return 1;
        }

        return Math.Max(1, (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);
    }
}
