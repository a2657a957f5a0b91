using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.Sqlite;

/// <summary>The TOTP store specification on EF Core over a real SQLite file.</summary>
public sealed class SqliteTotpStoreSpecificationTests : TotpStoreSpecification, IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private Microsoft.Extensions.DependencyInjection.ServiceProvider? _services;
    private EntityFrameworkCoreTotpStores? _stores;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _services = EntityFrameworkCoreStores.BuildServices<SesameDbContext>(o => o.UseSqlite(_database.ConnectionString));
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

        _database.Dispose();
    }

    protected override Task<ITotpStore> CreateStoreAsync() => Task.FromResult(_stores!.Create());

    protected override Task<string> CreateUserAsync() => _stores!.CreateUserAsync();
}
