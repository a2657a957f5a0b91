using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.EntityFrameworkCore.Stores;
using Sesame.EntityFrameworkCore.Tests.PostgreSql;
using Sesame.EntityFrameworkCore.Tests.Sqlite;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Tests.Shared;

/// <summary>
/// The session store's SQL statements: written from the model, kept per model, run through the context's own
/// connection, transaction and command pipeline, and not used for a model that only LINQ reads correctly.
/// </summary>
public sealed class SessionStatementsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Expires = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => _database.CreateAsync();

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Create_SesameModel_SelectsTheJoinByKeyWithTheModelsNames()
    {
        await using var context = SqliteContext();

        var statements = SessionStatements.Create(context);

        Assert.NotNull(statements);
        Assert.Equal(
            """SELECT s."id", s."sessionToken", s."userId", s."expires", s."createdAt", s."lastSeenAt", s."userAgent", s."ipAddress", s."persistent", u."id", u."name", u."email", u."emailVerified", u."image" FROM "Session" s INNER JOIN "User" u ON s."userId" = u."id" WHERE s."sessionToken" = @sessionKey""",
            statements.LookupSql);
    }

    [Fact]
    public async Task Create_TablesInASchema_QualifiesTheTables()
    {
        // Only the model is read: no server is needed.
        await using var context = new AuthSchemaDbContext(new DbContextOptionsBuilder<AuthSchemaDbContext>().UseNpgsql("Host=unused").Options);

        var statements = SessionStatements.Create(context);

        Assert.NotNull(statements);
        // Npgsql quotes only the names that need it.
        Assert.Contains("""FROM auth."Session" s INNER JOIN auth."User" u""", statements.LookupSql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_SameModel_WritesTheStatementsOnce()
    {
        var cache = new StoreStatementCache();
        await using var first = SqliteContext();
        await using var second = SqliteContext();
        await using var otherModel = new AuthSchemaDbContext(new DbContextOptionsBuilder<AuthSchemaDbContext>().UseNpgsql("Host=unused").Options);

        Assert.Same(cache.SessionStatements(first), cache.SessionStatements(second));
        Assert.NotSame(cache.SessionStatements(first), cache.SessionStatements(otherModel));
    }

    [Fact]
    public async Task GetSessionAndUser_QueryFilterOnSessions_KeepsToLinqAndHonoursTheFilter()
    {
        await using var context = new FilteredDbContext(new DbContextOptionsBuilder<FilteredDbContext>().UseSqlite(_database.ConnectionString).Options);
        var sessions = new EntityFrameworkCoreSessionStore(context, new StoreStatementCache());
        await CreateAsync(context, "visible", userAgent: null);
        await CreateAsync(context, "hidden", userAgent: FilteredDbContext.HiddenAgent);

        Assert.Null(SessionStatements.Create(context));
        Assert.NotNull(await sessions.GetSessionAndUserAsync("visible", CancellationToken.None));
        Assert.Null(await sessions.GetSessionAndUserAsync("hidden", CancellationToken.None));
        Assert.False(await sessions.UpdateSessionAsync("hidden", Expires.AddDays(1), Expires, CancellationToken.None));
    }

    [Fact]
    public async Task GetSessionAndUser_InTheContextsTransaction_SeesItsUncommittedRows()
    {
        await using var context = SqliteContext();
        var sessions = new EntityFrameworkCoreSessionStore(context, new StoreStatementCache());
        await using var transaction = await context.Database.BeginTransactionAsync();
        await CreateAsync(context, "key", userAgent: "agent");

        var inside = await sessions.GetSessionAndUserAsync("key", CancellationToken.None);
        var extended = await sessions.UpdateSessionAsync("key", Expires.AddDays(30), Expires.AddDays(1), CancellationToken.None);
        var afterUpdate = await sessions.GetSessionAndUserAsync("key", CancellationToken.None);
        await transaction.RollbackAsync();
        var afterRollback = await sessions.GetSessionAndUserAsync("key", CancellationToken.None);

        Assert.NotNull(inside);
        Assert.Equal(("agent", "Ada"), (inside.Session.UserAgent, inside.User.Name));
        Assert.True(extended);
        Assert.Equal((Expires.AddDays(30), Expires.AddDays(1)), (afterUpdate!.Session.Expires, afterUpdate.Session.LastSeenAt));
        Assert.Null(afterRollback);
    }

    [Fact]
    public async Task GetSessionAndUser_CommandInterceptor_SeesTheLookupAndTheUpdate()
    {
        var interceptor = new RecordingInterceptor();
        await using var context = new SesameDbContext(
            new DbContextOptionsBuilder<SesameDbContext>().UseSqlite(_database.ConnectionString).AddInterceptors(interceptor).Options);
        var sessions = new EntityFrameworkCoreSessionStore(context, new StoreStatementCache());
        await CreateAsync(context, "key", userAgent: null);
        interceptor.Commands.Clear();

        await sessions.GetSessionAndUserAsync("key", CancellationToken.None);
        await sessions.UpdateSessionAsync("key", Expires.AddDays(30), Expires, CancellationToken.None);

        Assert.Collection(
            interceptor.Commands,
            lookup => Assert.StartsWith("SELECT", lookup, StringComparison.Ordinal),
            update => Assert.StartsWith("UPDATE", update, StringComparison.Ordinal));
    }

    private SesameDbContext SqliteContext() =>
        new(new DbContextOptionsBuilder<SesameDbContext>().UseSqlite(_database.ConnectionString).Options);

    private static async Task CreateAsync(DbContext context, string key, string? userAgent)
    {
        var userId = $"user-{key}";
        await new EntityFrameworkCoreUserStore(context).CreateUserAsync(new SesameUser { Id = userId, Name = "Ada" }, CancellationToken.None);
        await new EntityFrameworkCoreSessionStore(context, new StoreStatementCache()).CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = key, UserId = userId, Expires = Expires, UserAgent = userAgent }, CancellationToken.None);
    }

    /// <summary>An app's context that hides some sessions with a query filter, which hand-written SQL would not see.</summary>
    private sealed class FilteredDbContext(DbContextOptions<FilteredDbContext> options) : DbContext(options)
    {
        public const string HiddenAgent = "hidden";

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.ApplySesameModel();
            modelBuilder.Entity<SesameSessionEntity>().HasQueryFilter(s => s.UserAgent == null || s.UserAgent != HiddenAgent);
        }
    }

    private sealed class RecordingInterceptor : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
