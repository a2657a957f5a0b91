namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>The test classes that share one <see cref="PostgreSqlServer"/>, each in a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "PostgreSQL";
}
