using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// The database strategy's per-request read: find a session and its user by key, the way a request does it (a new
/// DI scope, so a new <c>DbContext</c>, every time), on SQLite in a temporary file; the in-memory store for scale.
/// </summary>
[MemoryDiagnoser]
public class SessionStoreBenchmarks
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-bench-{Guid.NewGuid():N}.db");
    private readonly InMemorySesameStore _memory = new();
    private ServiceProvider? _services;
    private string _key = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddDbContext<SesameDbContext>(o => o.UseSqlite(new SqliteConnectionStringBuilder { DataSource = _path }.ToString()));
        services.AddSesame(_ => { }).AddEntityFrameworkCoreStores<SesameDbContext>();
        _services = services.BuildServiceProvider();

        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
        var users = scope.ServiceProvider.GetRequiredService<IUserStore>();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionStore>();
        var expires = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 1000; i++)
        {
            var user = new SesameUser { Id = $"user-{i}", Name = $"User {i}", Email = $"user{i}@example.com" };
            await users.CreateUserAsync(user, CancellationToken.None);
            await _memory.CreateUserAsync(user, CancellationToken.None);
            var session = new SesameSession { Id = "", SessionKey = $"key-{i:D4}-{new string('x', 40)}", UserId = user.Id, Expires = expires };
            await sessions.CreateSessionAsync(session, CancellationToken.None);
            await _memory.CreateSessionAsync(session, CancellationToken.None);
        }

        _key = $"key-0500-{new string('x', 40)}";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services?.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Baseline = true)]
    public async Task<SesameSessionAndUser?> EntityFrameworkCoreSqlite()
    {
        await using var scope = _services!.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionStore>().GetSessionAndUserAsync(_key, CancellationToken.None);
    }

    [Benchmark]
    public Task<SesameSessionAndUser?> InMemory() => _memory.GetSessionAndUserAsync(_key, CancellationToken.None);
}
