using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>The TOTP store specification on the real PostgreSQL server, in a database of its own.</summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class PostgreSqlTotpStoreSpecificationTests(PostgreSqlServer server) : TotpStoreSpecification, IAsyncLifetime
{
    private Microsoft.Extensions.DependencyInjection.ServiceProvider? _services;
    private EntityFrameworkCoreTotpStores? _stores;

    public async Task InitializeAsync()
    {
        var connectionString = await server.GetDatabaseAsync("totp_store_specification", async connection =>
        {
            await using var context = new SesameDbContext(new DbContextOptionsBuilder<SesameDbContext>().UseNpgsql(connection).Options);
            await context.Database.EnsureCreatedAsync();
        });
        _services = EntityFrameworkCoreStores.BuildServices<SesameDbContext>(o => o.UseNpgsql(connectionString));
        _stores = new EntityFrameworkCoreTotpStores(_services);
    }

    public async Task DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected override Task<ITotpStore> CreateStoreAsync() => Task.FromResult(_stores!.Create());

    protected override Task<string> CreateUserAsync() => _stores!.CreateUserAsync();
}
