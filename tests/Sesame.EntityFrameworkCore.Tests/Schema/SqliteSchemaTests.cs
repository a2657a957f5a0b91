using Sesame.EntityFrameworkCore.Tests.Sqlite;

namespace Sesame.EntityFrameworkCore.Tests.Schema;

/// <summary>The schema <c>EnsureCreated</c> makes on SQLite, through <see cref="SesameDbContext"/>.</summary>
public sealed class SqliteSchemaTests : SchemaSpecification
{
    private readonly SqliteTestDatabase _database = new();

    protected override async Task<SchemaCatalog> CreateSchemaAsync()
    {
        await _database.CreateAsync();
        return new SqliteSchemaCatalog(_database.Connect);
    }

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
