using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>
/// The store specification with the tables in a schema of their own: every statement, the hand-built
/// <c>DELETE … RETURNING</c> included, must use the schema-qualified names from the model.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class PostgreSqlCustomSchemaStoreSpecificationTests(PostgreSqlServer server)
    : PostgreSqlStoreSpecificationBase<AuthSchemaDbContext>(server, "custom_schema", pooled: false)
{
    protected override AuthSchemaDbContext CreateContext(DbContextOptions<AuthSchemaDbContext> options) => new(options);

    // The reader's plain SQL names no schema; the search path points it at the tables (and at no others: public has none).
    protected override string ReaderConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = AuthSchemaDbContext.Schema }.ConnectionString;
}
