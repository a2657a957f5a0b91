using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sesame.EntityFrameworkCore.Tests.PostgreSql;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.Schema;

/// <summary>The schema <c>EnsureCreated</c> makes on PostgreSQL, through an app's own context that applied the Sesame model.</summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class PostgreSqlSchemaTests(PostgreSqlServer server) : SchemaSpecification
{
    protected override async Task<SchemaCatalog> CreateSchemaAsync()
    {
        var connectionString = await server.GetDatabaseAsync("schema", async connectionString =>
        {
            await using var context = new TestAppDbContext(new DbContextOptionsBuilder<TestAppDbContext>().UseNpgsql(connectionString).Options);
            await context.Database.EnsureCreatedAsync();
        });
        return new PostgreSqlSchemaCatalog(() => new NpgsqlConnection(connectionString));
    }
}
