using Microsoft.EntityFrameworkCore;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>The store specification on a real PostgreSQL server, through an app's own context that applied the Sesame model.</summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class PostgreSqlStoreSpecificationTests(PostgreSqlServer server)
    : PostgreSqlStoreSpecificationBase<TestAppDbContext>(server, "store_specification", pooled: false)
{
    protected override TestAppDbContext CreateContext(DbContextOptions<TestAppDbContext> options) => new(options);
}
