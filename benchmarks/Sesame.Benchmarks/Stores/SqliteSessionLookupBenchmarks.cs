using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// <see cref="SessionLookupBenchmarks"/> on SQLite in a temporary file, with Microsoft.Data.Sqlite's connection pool
/// (its default); the in-memory store for scale.
/// </summary>
public class SqliteSessionLookupBenchmarks : SessionLookupBenchmarks
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-bench-{Guid.NewGuid():N}.db");
    private readonly InMemorySesameStore _memory = new();

    protected override async Task<string> CreateDatabaseAsync()
    {
        var user = new SesameUser { Id = "user", Name = "User" };
        await _memory.CreateUserAsync(user, CancellationToken.None);
        await _memory.CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = Key, UserId = user.Id, Expires = DateTimeOffset.UnixEpoch.AddYears(60) }, CancellationToken.None);
        return new SqliteConnectionStringBuilder { DataSource = _path, Pooling = true }.ToString();
    }

    protected override Task DeleteDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-journal", _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    [Benchmark]
    public Task<SesameSessionAndUser?> InMemory() => _memory.GetSessionAndUserAsync(Key, CancellationToken.None);
}
