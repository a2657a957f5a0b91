using System.Threading.RateLimiting;

namespace Sesame.Providers.Email;

/// <summary>
/// The abuse limits on link requests, with the rate limiters ASP.NET Core's rate-limiting middleware is made of: a
/// fixed window per normalized address (no mailbox gets more than a few links, whoever asks) and per client IP (one
/// client cannot walk through addresses). Partitions of idle keys are dropped by the limiter itself.
/// </summary>
internal sealed class EmailRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Key> _limiter = PartitionedRateLimiter.Create<Key, Key>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, static key => new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.PermitLimit,
            Window = key.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one permit for <paramref name="value"/> (an address or an IP); false when its window is used up.</summary>
    public bool TryAcquire(string providerId, string kind, string value, int? permitLimit, TimeSpan window, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        if (permitLimit is not { } limit)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(new Key(providerId, kind, value, limit, window));
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        return false;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>A partition: equal when provider, kind and value are (the limits are the provider's, the same for every key).</summary>
    internal readonly record struct Key(string ProviderId, string Kind, string Value, int PermitLimit, TimeSpan Window);
}
