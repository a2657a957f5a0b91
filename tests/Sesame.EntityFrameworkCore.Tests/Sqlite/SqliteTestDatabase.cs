using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sesame.EntityFrameworkCore.Tests.Sqlite;

/// <summary>A real SQLite database in a temporary file, created with <c>EnsureCreated</c> and deleted afterwards.</summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-{Guid.NewGuid():N}.db");

    // No pooling: the file is deleted at the end, and concurrency tests need connections of their own.
    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();

    public async Task CreateAsync()
    {
        await using var context = new SesameDbContext(new DbContextOptionsBuilder<SesameDbContext>().UseSqlite(ConnectionString).Options);
        await context.Database.EnsureCreatedAsync();
    }

    public SqliteConnection Connect() => new(ConnectionString);

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-journal", _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
