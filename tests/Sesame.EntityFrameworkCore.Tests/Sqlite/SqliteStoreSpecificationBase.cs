using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.Sqlite;

/// <summary>
/// The store specification on EF Core over a real SQLite file of its own, through <see cref="SesameDbContext"/>,
/// pooled (<c>AddDbContextPool</c>) or not.
/// </summary>
public abstract class SqliteStoreSpecificationBase(bool pooled) : StoreSpecification
{
    private readonly SqliteTestDatabase _database = new();
    private ServiceProvider? _services;

    public override async Task InitializeAsync()
    {
        try
        {
            await _database.CreateAsync();
            _services = EntityFrameworkCoreStores.BuildServices<SesameDbContext>(o => o.UseSqlite(_database.ConnectionString), pooled);
            await base.InitializeAsync();
        }
        catch
        {
            // xunit does not dispose a test class whose initialization failed: do not leave the file behind.
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

    protected override Task<StoreUnderTest> CreateStoreAsync() =>
        Task.FromResult(EntityFrameworkCoreStores.Create(_services!, new SqlDataReader(_database.Connect)));
}
