using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>
/// The store specification on EF Core over the real PostgreSQL server, through <typeparamref name="TContext"/>: each
/// derived class names its database and how its context is registered. Every test of a class shares one database; the
/// specification's tests make unique data.
/// </summary>
public abstract class PostgreSqlStoreSpecificationBase<TContext>(PostgreSqlServer server, string database, bool pooled) : StoreSpecification
    where TContext : DbContext
{
    private string? _connectionString;
    private ServiceProvider? _services;

    public override async Task InitializeAsync()
    {
        _connectionString = await server.GetDatabaseAsync(database, async connectionString =>
        {
            await using var context = CreateContext(new DbContextOptionsBuilder<TContext>().UseNpgsql(connectionString).Options);
            await context.Database.EnsureCreatedAsync();
        });
        _services = EntityFrameworkCoreStores.BuildServices<TContext>(o => o.UseNpgsql(_connectionString), pooled);
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

    /// <summary>A context over <paramref name="options"/>, to create the schema.</summary>
    protected abstract TContext CreateContext(DbContextOptions<TContext> options);

    /// <summary>The connection string the test's direct reads use (the database's, unless the tables live elsewhere).</summary>
    protected virtual string ReaderConnectionString(string connectionString) => connectionString;

    protected override Task<StoreUnderTest> CreateStoreAsync() => Task.FromResult(EntityFrameworkCoreStores.Create(
        _services!, new SqlDataReader(() => new NpgsqlConnection(ReaderConnectionString(_connectionString!)))));
}
