using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Sesame.EntityFrameworkCore.Tests.Sqlite;

/// <summary>
/// Several instances creating the schema of one new SQLite file at the same moment (issue 15 defect 7: two sample
/// processes crashed in this race): every one returns with the schema usable, none throws.
/// </summary>
public sealed class SqliteSchemaRaceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-race-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task EnsureSesameSchema_EightAtOnceOnANewFile_AllSucceedAndTheTablesWork()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();
        using var start = new Barrier(8);

        var instances = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var context = new SesameDbContext(new DbContextOptionsBuilder<SesameDbContext>().UseSqlite(connectionString).Options);
            start.SignalAndWait();
            await context.EnsureSesameSchemaAsync();
        }));
        await Task.WhenAll(instances);

        await using var check = new SesameDbContext(new DbContextOptionsBuilder<SesameDbContext>().UseSqlite(connectionString).Options);
        check.Users.Add(new Entities.SesameUserEntity { Id = "u1", Email = "a@example.com" });
        await check.SaveChangesAsync();
        Assert.Equal(1, await check.Users.CountAsync());
        Assert.Equal(0, await check.TotpEnrolments.CountAsync());
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-journal", _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
