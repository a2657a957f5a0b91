using Microsoft.Extensions.Time.Testing;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Testing;

namespace Sesame.StackExchangeRedis.Tests.Stores;

/// <summary>
/// The store specification on a real redis-server, every store in Redis. Each store the specification asks for is a
/// separate app's: its own service provider and connection, over the one server and this class's key prefix.
/// </summary>
[Collection(RedisCollection.Name)]
[Requires(Requirement.Redis)]
public sealed class RedisStoreSpecificationTests(RedisServer server) : StoreSpecification
{
    /// <summary>
    /// The specification dates its records around 2026-03-04 and also stores some it calls expired (stores must
    /// return them; the caller checks). A Redis key lives until its record's expiry on the stores' clock, so that clock
    /// stands before every date the specification uses; <see cref="RedisTtlTests"/> checks the TTLs themselves.
    /// </summary>
    internal static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly string Prefix = RedisServer.NewPrefix("spec");

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var endPoint = await server.GetEndPointAsync();
        var services = RedisStores.BuildServices(endPoint, Prefix, Clock);
        await RedisStores.ConnectAsync(services);
        return RedisStores.Create(services, new RedisDataReader(await server.GetAdminDatabaseAsync(), Prefix), services);
    }
}
