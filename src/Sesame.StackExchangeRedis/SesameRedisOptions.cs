namespace Sesame.StackExchangeRedis;

/// <summary>
/// Where Sesame's Redis stores keep their keys. Validated at start-up: without an <c>IConnectionMultiplexer</c>
/// registered by the app, <see cref="Configuration"/> is required.
/// </summary>
public sealed class SesameRedisOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>, <c>host:6379,password=…,ssl=true</c>), used
    /// when the app registered no <c>IConnectionMultiplexer</c> of its own (one registered in DI always wins). The
    /// connection is made so that the app starts and reconnects by itself while Redis is down, and commands fail at
    /// once instead of queueing while it is: a request then fails closed (signed out) without waiting.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public string? Configuration { get; set; }

    /// <summary>
    /// Prepended to every key, so that several apps (or test runs) can share one Redis database. On Redis Cluster, make
    /// it a hash tag (<c>{sesame}:</c>): the stores' scripts touch several keys at once, which must share a slot.
    /// </summary>
    /// <value><c>sesame:</c>.</value>
    public string KeyPrefix { get; set; } = "sesame:";

    /// <summary>The Redis database number; -1 is the connection's default database.</summary>
    /// <value>-1.</value>
    public int Database { get; set; } = -1;
}
