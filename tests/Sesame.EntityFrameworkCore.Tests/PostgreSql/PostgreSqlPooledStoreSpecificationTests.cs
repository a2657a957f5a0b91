using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>
/// The store specification on EF Core over a real PostgreSQL server, through a pooled app's own context
/// (<c>AddDbContextPool</c>) that applied the Sesame model. Every test of the class shares one database.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class PostgreSqlPooledStoreSpecificationTests(PostgreSqlServer server) : StoreSpecification
{
    private string? _connectionString;
    private ServiceProvider? _services;

    public override async Task InitializeAsync()
    {
        _connectionString = await server.GetDatabaseAsync("pooled_store_specification", async connectionString =>
        {
            await using var context = new TestAppDbContext(new DbContextOptionsBuilder<TestAppDbContext>().UseNpgsql(connectionString).Options);
            await context.Database.EnsureCreatedAsync();
        });
        _services = EntityFrameworkCoreStores.BuildServices<TestAppDbContext>(o => o.UseNpgsql(_connectionString), pooled: true);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected override Task<StoreUnderTest> CreateStoreAsync() =>
        Task.FromResult(EntityFrameworkCoreStores.Create(_services!, new SqlDataReader(() => new NpgsqlConnection(_connectionString))));
}
