using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Stores;
using StackExchange.Redis;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// The database strategy's per-request read (a DI scope, <see cref="ISessionStore"/> from it,
/// <see cref="ISessionStore.GetSessionAndUserAsync"/>, the scope disposed) on a throw-away redis-server over TCP on
/// 127.0.0.1, next to the EF Core store on a pooled SQLite context in the same run: every store in Redis (one Lua
/// script), sessions in Redis in front of SQLite users (one Redis read, then one SQL read), and a bare <c>PING</c> as
/// the floor of a Redis round trip.
/// </summary>
[MemoryDiagnoser]
public class RedisSessionLookupBenchmarks
{
    private const int Rows = 1000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-bench-redis-{Guid.NewGuid():N}.db");
    private readonly RedisServer _redis = new();
    private readonly string _key = KeyOf(Rows / 2);
    private ServiceProvider _allRedis = null!;
    private ServiceProvider _sessionsInRedis = null!;
    private ServiceProvider _sqlite = null!;
    private ConnectionMultiplexer _ping = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var endPoint = await _redis.GetEndPointAsync();
        var sqlite = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = true }.ToString();
        _allRedis = Build(s => s.AddSesame(_ => { }).AddStackExchangeRedisStores(o => (o.Configuration, o.KeyPrefix) = (endPoint, "all:")));
        _sessionsInRedis = Build(s =>
        {
            s.AddDbContextPool<SesameDbContext>(o => o.UseSqlite(sqlite));
            s.AddSesame(_ => { }).AddEntityFrameworkCoreStores<SesameDbContext>().AddStackExchangeRedisSessionStore(o => (o.Configuration, o.KeyPrefix) = (endPoint, "hybrid:"));
        });
        _sqlite = Build(s =>
        {
            s.AddDbContextPool<SesameDbContext>(o => o.UseSqlite(sqlite));
            s.AddSesame(_ => { }).AddEntityFrameworkCoreStores<SesameDbContext>();
        });
        _ping = await ConnectionMultiplexer.ConnectAsync(endPoint);

        await using (var scope = _sqlite.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
        }

        var expires = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var services in new[] { _allRedis, _sessionsInRedis, _sqlite })
        {
            await using var scope = services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<IUserStore>();
            var sessions = scope.ServiceProvider.GetRequiredService<ISessionStore>();
            for (var i = 0; i < Rows; i++)
            {
                var user = new SesameUser { Id = $"user-{i}", Name = $"User {i}", Email = $"user{i}@example.com", Image = $"https://example.com/{i}.png" };
                if (await users.GetUserAsync(user.Id, CancellationToken.None) is null)
                {
                    await users.CreateUserAsync(user, CancellationToken.None);
                }

                // the hybrid's sessions live in Redis, the SQLite variant's in SQLite: both keyed alike
                if (await sessions.GetSessionAndUserAsync(KeyOf(i), CancellationToken.None) is null)
                {
                    await sessions.CreateSessionAsync(
                        new SesameSession { Id = "", SessionKey = KeyOf(i), UserId = user.Id, Expires = expires, CreatedAt = expires.AddDays(-30), LastSeenAt = expires.AddDays(-30) },
                        CancellationToken.None);
                }
            }
        }

        foreach (var services in new[] { _allRedis, _sessionsInRedis, _sqlite })
        {
            if ((await LookupAsync(services))?.User.Id != $"user-{Rows / 2}")
            {
                throw new InvalidOperationException("The benchmark session was not found, or with the wrong user.");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var services in new[] { _allRedis, _sessionsInRedis, _sqlite })
        {
            await services.DisposeAsync();
        }

        await _ping.DisposeAsync();
        await _redis.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    /// <summary>The EF Core store on a pooled SQLite context (what the sample registers without Redis).</summary>
    [Benchmark(Baseline = true)]
    public Task<SesameSessionAndUser?> Sqlite_PooledContext() => LookupAsync(_sqlite);

    /// <summary>Every store in Redis: the session and its user in one script.</summary>
    [Benchmark]
    public Task<SesameSessionAndUser?> Redis_AllStores() => LookupAsync(_allRedis);

    /// <summary>The session in Redis, its user in SQLite.</summary>
    [Benchmark]
    public Task<SesameSessionAndUser?> Redis_SessionsInFrontOfSqlite() => LookupAsync(_sessionsInRedis);

    /// <summary>One Redis round trip and nothing else: the floor of the Redis variants.</summary>
    [Benchmark]
    public Task<TimeSpan> Redis_Ping() => _ping.GetDatabase().PingAsync();

    private async Task<SesameSessionAndUser?> LookupAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionStore>().GetSessionAndUserAsync(_key, CancellationToken.None);
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static string KeyOf(int i) => $"session-key-{i:D6}";
}
