using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Stores;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// The database strategy's per-request read, the way a request does it: a new DI scope from the app's services,
/// <see cref="ISessionStore"/> resolved from it, <see cref="ISessionStore.GetSessionAndUserAsync"/> for an existing
/// session, the scope disposed. Every variant runs in the same BenchmarkDotNet run, so that they are compared under
/// the same (shared, noisy) machine load: the LINQ query the store had before it was tuned, the store with a new
/// context per request (<c>AddDbContext</c>) and with a pooled one (<c>AddDbContextPool</c>), and plain ADO.NET with
/// no DI and no EF Core as the floor.
/// </summary>
[MemoryDiagnoser]
public abstract class SessionLookupBenchmarks
{
    private const int Rows = 1000;
    private readonly List<ServiceProvider> _owned = [];
    private ServiceProvider? _linqNewContext;
    private ServiceProvider? _linqPooledContext;
    private ServiceProvider? _storeNewContext;
    private ServiceProvider? _storePooledContext;
    private ServiceProvider? _compiledPooledContext;
    private string _connectionString = "";

    /// <summary>The key of a session in the middle of the table.</summary>
    protected string Key { get; } = KeyOf(Rows / 2);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>Drops whatever <see cref="CreateDatabaseAsync"/> made.</summary>
    protected abstract Task DeleteDatabaseAsync();

    /// <summary>Points EF Core at the database.</summary>
    protected abstract void UseDatabase(DbContextOptionsBuilder options, string connectionString);

    /// <summary>A new ADO.NET connection (closed) to the database, for the floor.</summary>
    protected abstract DbConnection CreateConnection(string connectionString);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _connectionString = await CreateDatabaseAsync();
        _linqNewContext = Build(_connectionString, pooled: false, linq: true);
        _linqPooledContext = Build(_connectionString, pooled: true, linq: true);
        _storeNewContext = Build(_connectionString, pooled: false, linq: false);
        _storePooledContext = Build(_connectionString, pooled: true, linq: false);
        _compiledPooledContext = Build(_connectionString, pooled: true, linq: false, compiled: true);

        await using var scope = _storeNewContext.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
        var users = scope.ServiceProvider.GetRequiredService<IUserStore>();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionStore>();
        var expires = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Rows; i++)
        {
            var user = new SesameUser { Id = $"user-{i}", Name = $"User {i}", Email = $"user{i}@example.com", Image = $"https://example.com/{i}.png" };
            await users.CreateUserAsync(user, CancellationToken.None);
            await sessions.CreateSessionAsync(
                new SesameSession { Id = "", SessionKey = KeyOf(i), UserId = user.Id, Expires = expires, CreatedAt = expires.AddDays(-30), LastSeenAt = expires.AddDays(-30) },
                CancellationToken.None);
        }

        // Every variant must find the same row, or the comparison means nothing.
        foreach (var services in new[] { _linqNewContext, _linqPooledContext, _storeNewContext, _storePooledContext, _compiledPooledContext })
        {
            var found = await LookupAsync(services) ?? throw new InvalidOperationException("The benchmark session was not found.");
            if (found.User.Id != $"user-{Rows / 2}")
            {
                throw new InvalidOperationException("The benchmark session came back with the wrong user.");
            }
        }

        if (await AdoNet() is null)
        {
            throw new InvalidOperationException("The benchmark session was not found by plain ADO.NET.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var services in _owned)
        {
            await services.DisposeAsync();
        }

        await DeleteDatabaseAsync();
    }

    /// <summary>Before: the LINQ query, a new context per request (what the sample registered).</summary>
    [Benchmark(Baseline = true)]
    public Task<SesameSessionAndUser?> Linq_NewContext() => LookupAsync(_linqNewContext!);

    /// <summary>The LINQ query on a pooled context: what pooling alone gives.</summary>
    [Benchmark]
    public Task<SesameSessionAndUser?> Linq_PooledContext() => LookupAsync(_linqPooledContext!);

    /// <summary>The store as shipped, a new context per request: what the store alone gives.</summary>
    [Benchmark]
    public Task<SesameSessionAndUser?> Store_NewContext() => LookupAsync(_storeNewContext!);

    /// <summary>After: the store as shipped on a pooled context (what the sample registers).</summary>
    [Benchmark]
    public Task<SesameSessionAndUser?> Store_PooledContext() => LookupAsync(_storePooledContext!);

    /// <summary>The LINQ query compiled once (<c>EF.CompileAsyncQuery</c>) on a pooled context: the other way to skip the query pipeline.</summary>
    [Benchmark]
    public Task<SesameSessionAndUser?> CompiledQuery_PooledContext() => LookupAsync(_compiledPooledContext!);

    /// <summary>
    /// Part of every variant above: the scope, a pooled context, and opening and closing its connection once, which is
    /// what a lookup through the context's own connection costs before any SQL runs.
    /// </summary>
    [Benchmark]
    public async Task OpenAndClose_PooledContext()
    {
        await using var scope = _storePooledContext!.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database;
        await database.OpenConnectionAsync();
        await database.CloseConnectionAsync();
    }

    /// <summary>Opening and closing a pooled ADO.NET connection alone: what the floor pays before any SQL runs.</summary>
    [Benchmark]
    public async Task OpenAndClose_AdoNet()
    {
        await using var connection = CreateConnection(_connectionString);
        await connection.OpenAsync();
        await connection.CloseAsync();
    }

    /// <summary>The floor: one pooled ADO.NET connection, the same join, no DI, no EF Core.</summary>
    [Benchmark]
    public async Task<SesameSessionAndUser?> AdoNet()
    {
        await using var connection = CreateConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s."id", s."sessionToken", s."userId", s."expires", s."createdAt", s."lastSeenAt", s."userAgent", s."ipAddress",
                   u."id", u."name", u."email", u."emailVerified", u."image"
            FROM "Session" AS s INNER JOIN "User" AS u ON s."userId" = u."id"
            WHERE s."sessionToken" = @key
            """;
        var key = command.CreateParameter();
        key.ParameterName = "key";
        key.Value = Key;
        command.Parameters.Add(key);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new SesameSessionAndUser
        {
            Session = new SesameSession
            {
                Id = reader.GetString(0),
                SessionKey = reader.GetString(1),
                UserId = reader.GetString(2),
                Expires = Utc(reader.GetDateTime(3)),
                CreatedAt = reader.IsDBNull(4) ? null : Utc(reader.GetDateTime(4)),
                LastSeenAt = reader.IsDBNull(5) ? null : Utc(reader.GetDateTime(5)),
                UserAgent = reader.IsDBNull(6) ? null : reader.GetString(6),
                IpAddress = reader.IsDBNull(7) ? null : reader.GetString(7),
            },
            User = new SesameUser
            {
                Id = reader.GetString(8),
                Name = reader.IsDBNull(9) ? null : reader.GetString(9),
                Email = reader.IsDBNull(10) ? null : reader.GetString(10),
                EmailVerified = reader.IsDBNull(11) ? null : Utc(reader.GetDateTime(11)),
                Image = reader.IsDBNull(12) ? null : reader.GetString(12),
            },
        };
    }

    /// <summary>The per-request path: scope, store, lookup, scope disposed.</summary>
    protected async Task<SesameSessionAndUser?> LookupAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionStore>().GetSessionAndUserAsync(Key, CancellationToken.None);
    }

    /// <summary>An app's services for <see cref="SesameDbContext"/>, disposed at clean-up.</summary>
    protected ServiceProvider Build(string connectionString, bool pooled, bool linq, bool compiled = false)
    {
        var services = new ServiceCollection();
        if (pooled)
        {
            services.AddDbContextPool<SesameDbContext>(o => UseDatabase(o, connectionString));
        }
        else
        {
            services.AddDbContext<SesameDbContext>(o => UseDatabase(o, connectionString));
        }

        services.AddSesame(_ => { }).AddEntityFrameworkCoreStores<SesameDbContext>();
        if (linq)
        {
            // Registered last, so it wins: the lookup as it was before, over the same context registration.
            services.AddScoped<ISessionStore>(sp => new LinqSessionStore(sp.GetRequiredService<SesameDbContext>()));
        }
        else if (compiled)
        {
            services.AddScoped<ISessionStore>(sp => new CompiledQuerySessionStore(sp.GetRequiredService<SesameDbContext>()));
        }

        var provider = services.BuildServiceProvider();
        _owned.Add(provider);
        return provider;
    }

    private static string KeyOf(int i) => $"key-{i:D4}-{new string('x', 39)}";

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
