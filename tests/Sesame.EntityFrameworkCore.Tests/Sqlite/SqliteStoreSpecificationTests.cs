namespace Sesame.EntityFrameworkCore.Tests.Sqlite;

/// <summary>The store specification on EF Core over a real SQLite file, a new <see cref="SesameDbContext"/> per scope.</summary>
public sealed class SqliteStoreSpecificationTests() : SqliteStoreSpecificationBase(pooled: false);
