using Microsoft.Extensions.Hosting;

namespace Sesame.StackExchangeRedis.Shared;

/// <summary>
/// Starts connecting to Redis when the app starts, without delaying the start: the first request then finds the
/// connection made (or, with Redis down, being retried in the background).
/// </summary>
internal sealed class RedisConnectionStarter(RedisConnection connection) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = connection.StartConnecting();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
