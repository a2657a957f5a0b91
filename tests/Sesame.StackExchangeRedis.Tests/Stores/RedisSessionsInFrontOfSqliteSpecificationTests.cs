using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.EntityFrameworkCore.Tests.Sqlite;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.StackExchangeRedis.Tests.Stores;

/// <summary>
/// The store specification with sessions in Redis and users, accounts and verification tokens in a real SQLite file
/// through EF Core (<c>AddEntityFrameworkCoreStores</c> then <c>AddStackExchangeRedisSessionStore</c>): sessions
/// are read back from Redis, everything else with plain SQL.
/// </summary>
[Collection(RedisCollection.Name)]
[Requires(Requirement.Redis)]
public sealed class RedisSessionsInFrontOfSqliteSpecificationTests(RedisServer server) : StoreSpecification
{
    private static readonly string Prefix = RedisServer.NewPrefix("hybrid");
    private readonly SqliteTestDatabase _database = new();
    private ServiceProvider? _services;

    public override async Task InitializeAsync()
    {
        try
        {
            await _database.CreateAsync();
            var endPoint = await server.GetEndPointAsync();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(RedisStoreSpecificationTests.Clock);
            services.AddDbContext<SesameDbContext>(o => o.UseSqlite(_database.ConnectionString));
            services.AddSesame(_ => { })
                .AddEntityFrameworkCoreStores<SesameDbContext>()
                .AddStackExchangeRedisSessionStore(o =>
                {
                    o.Configuration = endPoint;
                    o.KeyPrefix = Prefix;
                });
            _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
            await RedisStores.ConnectAsync(_services);
            await base.InitializeAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _database.Dispose();
    }

    /// <summary>The registrations an app gets: Redis sessions, SQL users behind a wrapper that also ends their sessions.</summary>
    [RequiresFact(Requirement.Redis)]
    public void Registrations_SessionsInRedis_UsersInSql()
    {
        using var scope = _services!.CreateScope();

        Assert.Equal("RedisSessionStore", scope.ServiceProvider.GetRequiredService<ISessionStore>().GetType().Name);
        Assert.Equal("SessionRevokingUserStore", scope.ServiceProvider.GetRequiredService<IUserStore>().GetType().Name);
        Assert.Equal("EntityFrameworkCoreAccountStore", scope.ServiceProvider.GetRequiredService<IAccountStore>().GetType().Name);
    }

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var sql = new SqlDataReader(_database.Connect);
        var redis = new RedisDataReader(await server.GetAdminDatabaseAsync(), Prefix);
        var scope = _services!.CreateAsyncScope();
        return new StoreUnderTest
        {
            Users = scope.ServiceProvider.GetRequiredService<IUserStore>(),
            Accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>(),
            Sessions = scope.ServiceProvider.GetRequiredService<ISessionStore>(),
            VerificationTokens = scope.ServiceProvider.GetRequiredService<IVerificationTokenStore>(),
            Data = new SplitReader(sql, redis),
            Owner = scope,
        };
    }

    private sealed class SplitReader(IStoreDataReader sql, IStoreDataReader redis) : IStoreDataReader
    {
        public Task<SesameUser?> ReadUserAsync(string id, CancellationToken cancellationToken) => sql.ReadUserAsync(id, cancellationToken);

        public Task<IReadOnlyList<SesameAccount>> ReadAccountsAsync(string userId, CancellationToken cancellationToken) => sql.ReadAccountsAsync(userId, cancellationToken);

        public Task<IReadOnlyList<SesameSession>> ReadSessionsAsync(string userId, CancellationToken cancellationToken) => redis.ReadSessionsAsync(userId, cancellationToken);

        public Task<IReadOnlyList<SesameVerificationToken>> ReadVerificationTokensAsync(string identifier, CancellationToken cancellationToken) =>
            sql.ReadVerificationTokensAsync(identifier, cancellationToken);
    }
}
