using Microsoft.EntityFrameworkCore;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>The store specification on a real PostgreSQL server, through a pooled app's own context (<c>AddDbContextPool</c>).</summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class PostgreSqlPooledStoreSpecificationTests(PostgreSqlServer server)
    : PostgreSqlStoreSpecificationBase<TestAppDbContext>(server, "pooled_store_specification", pooled: true)
{
    protected override TestAppDbContext CreateContext(DbContextOptions<TestAppDbContext> options) => new(options);
}
