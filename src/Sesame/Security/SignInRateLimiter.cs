using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Sesame.Security;

/// <summary>
/// The abuse limits of sign-in flows (e-mail link requests, credentials attempts), with the rate limiters ASP.NET Core's
/// rate-limiting middleware is made of: fixed windows per key (an address, a client, an account on a client).
/// Partitions of idle keys are dropped by the limiter itself.
/// </summary>
internal sealed class SignInRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Key> _limiter = PartitionedRateLimiter.Create<Key, Key>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, static key => new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.PermitLimit,
            Window = key.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one permit for <paramref name="value"/>; false when its window is used up (a <see langword="null"/> limit is no limit).</summary>
    public bool TryAcquire(string scope, string kind, string value, int? permitLimit, TimeSpan window, out TimeSpan? retryAfter) =>
        Attempt(scope, kind, value, permitLimit, window, permits: 1, out retryAfter);

    /// <summary>Whether <paramref name="value"/> has a permit left, without taking one (for limits that count only failures).</summary>
    public bool HasPermit(string scope, string kind, string value, int? permitLimit, TimeSpan window, out TimeSpan? retryAfter) =>
        Attempt(scope, kind, value, permitLimit, window, permits: 0, out retryAfter);

    /// <summary>
    /// The client a limit counts: its IP address, with an IPv6 address grouped by its /64 (one subscriber's prefix: a
    /// client that rotates through its own addresses is still one client). The address is the connection's, so a
    /// forwarded one counts only when the app trusts its proxy (<c>UseForwardedHeaders</c>).
    /// </summary>
    public static string ClientOf(HttpContext httpContext)
    {
        var address = httpContext.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    public void Dispose() => _limiter.Dispose();

    private bool Attempt(string scope, string kind, string value, int? permitLimit, TimeSpan window, int permits, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        if (permitLimit is not { } limit)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(new Key(scope, kind, value, limit, window), permits);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        return false;
    }

    /// <summary>A partition: equal when scope (a provider id), kind and value are (the limits are the provider's, the same for every key).</summary>
    internal readonly record struct Key(string Scope, string Kind, string Value, int PermitLimit, TimeSpan Window);
}
