using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>
/// The store specification with the tables in a schema of their own: every statement, the hand-built
/// <c>DELETE … RETURNING</c> included, must use the schema-qualified names from the model.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class PostgreSqlCustomSchemaStoreSpecificationTests(PostgreSqlServer server) : StoreSpecification
{
    private string? _connectionString;
    private ServiceProvider? _services;

    public override async Task InitializeAsync()
    {
        _connectionString = await server.GetDatabaseAsync("custom_schema", async connectionString =>
        {
            await using var context = new AuthSchemaDbContext(new DbContextOptionsBuilder<AuthSchemaDbContext>().UseNpgsql(connectionString).Options);
            await context.Database.EnsureCreatedAsync();
        });
        _services = EntityFrameworkCoreStores.BuildServices<AuthSchemaDbContext>(o => o.UseNpgsql(_connectionString));
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

    // The reader's plain SQL names no schema; the search path points it at the tables (and at no others: public has none).
    protected override Task<StoreUnderTest> CreateStoreAsync() => Task.FromResult(EntityFrameworkCoreStores.Create(
        _services!,
        new SqlDataReader(() => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { SearchPath = AuthSchemaDbContext.Schema }.ConnectionString))));
}
