using Microsoft.Extensions.Logging;
using Sesame.Sessions.Caching;
using Sesame.StackExchangeRedis.Shared;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Caching;

/// <summary>
/// The database session cache's invalidation across instances on Redis pub/sub: a user id on the
/// <c>{prefix}sessions-changed</c> channel. Pub/sub is fire-and-forget, so a message lost (or published while this
/// instance's subscription was down) is covered by the cache's duration; a resubscription forgets everything.
/// </summary>
internal sealed class RedisSessionCacheNotifier(RedisConnection connection, TimeProvider timeProvider, ILogger<RedisSessionCacheNotifier> logger)
    : ISessionCacheNotifier, IAsyncDisposable
{
    private readonly RedisChannelListener _changed = new(
        connection, connection.Keys.Prefix + RedisKeys.SessionsChangedSuffix, "session cache invalidations", timeProvider, logger);

    public async Task PublishUserChangedAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        await database.PublishAsync(RedisChannel.Literal(_changed.Channel), userId).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public IDisposable Subscribe(Action<string?> onChanged) => _changed.Subscribe(onChanged);

    public ValueTask DisposeAsync() => _changed.DisposeAsync();
}
