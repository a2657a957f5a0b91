using Microsoft.EntityFrameworkCore;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>Sesame's tables in a PostgreSQL schema of their own (<c>ApplySesameModel("auth")</c>).</summary>
public sealed class AuthSchemaDbContext(DbContextOptions<AuthSchemaDbContext> options) : DbContext(options)
{
    public const string Schema = "auth";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplySesameModel(Schema);
}
