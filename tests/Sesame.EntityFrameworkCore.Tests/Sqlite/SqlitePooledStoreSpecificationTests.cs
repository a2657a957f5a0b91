namespace Sesame.EntityFrameworkCore.Tests.Sqlite;

/// <summary>
/// The store specification on EF Core over a real SQLite file, through a pooled <see cref="SesameDbContext"/>
/// (<c>AddDbContextPool</c>): every scope rents a context another scope used and reset before.
/// </summary>
public sealed class SqlitePooledStoreSpecificationTests() : SqliteStoreSpecificationBase(pooled: true);
