using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.EntityFrameworkCore.Tests.Sqlite;

namespace Sesame.EntityFrameworkCore.Tests.Shared;

/// <summary>
/// The read-then-delete path that providers without <c>DELETE … RETURNING</c> take, run on SQLite (whose stores
/// otherwise take the RETURNING path, covered by the store specification).
/// </summary>
public sealed class StoreWritesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Expires = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        await using var context = NewContext();
        context.VerificationTokens.Add(new SesameVerificationTokenEntity { Identifier = "ada@example.com", Token = "hash", Expires = Expires });
        await context.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DeleteAndReturn_WithoutReturning_ReturnsTheRowOnceThenNull()
    {
        await using var context = NewContext();

        var first = await DeleteTokenAsync(context, "hash");
        var second = await DeleteTokenAsync(context, "hash");

        Assert.NotNull(first);
        Assert.Equal(("ada@example.com", "hash", Expires), (first.Identifier, first.Token, first.Expires));
        Assert.Null(second);
        Assert.Equal(0, await context.VerificationTokens.CountAsync());
        Assert.Empty(context.ChangeTracker.Entries());
    }

    [Fact]
    public async Task DeleteAndReturn_WithoutReturning_FiltersOnEveryGivenColumn()
    {
        await using var context = NewContext();

        var wrongIdentifier = await StoreWrites.DeleteAndReturnAsync<SesameVerificationTokenEntity>(
            context, [(nameof(SesameVerificationTokenEntity.Token), "hash"), (nameof(SesameVerificationTokenEntity.Identifier), "bob@example.com")],
            returning: false, CancellationToken.None);

        Assert.Null(wrongIdentifier);
        Assert.Equal(1, await context.VerificationTokens.CountAsync());
    }

    [Fact]
    public async Task DeleteAndReturn_WithoutReturning_ConcurrentCallers_OnlyOneGetsTheRow()
    {
        var contexts = Enumerable.Range(0, 4).Select(_ => NewContext()).ToList();
        try
        {
            var results = await Task.WhenAll(contexts.Select(c => Task.Run(() => DeleteTokenAsync(c, "hash"))));

            Assert.Single(results, r => r is not null);
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    [Fact]
    public void SupportsDeleteReturning_SqliteAndPostgreSql_True()
    {
        using var sqlite = NewContext();
        using var postgres = new SesameDbContext(new DbContextOptionsBuilder<SesameDbContext>().UseNpgsql("Host=unused").Options);

        Assert.True(StoreWrites.SupportsDeleteReturning(sqlite));
        Assert.True(StoreWrites.SupportsDeleteReturning(postgres));
    }

    private static Task<SesameVerificationTokenEntity?> DeleteTokenAsync(DbContext context, string hash) =>
        StoreWrites.DeleteAndReturnAsync<SesameVerificationTokenEntity>(
            context, [(nameof(SesameVerificationTokenEntity.Token), hash)], returning: false, CancellationToken.None);

    private SesameDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SesameDbContext>().UseSqlite(_database.ConnectionString).Options);
}
