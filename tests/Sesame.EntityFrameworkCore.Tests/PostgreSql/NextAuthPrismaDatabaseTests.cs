using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sesame.EntityFrameworkCore.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>
/// The stores on a database that next-auth's Prisma adapter made (its column types: <c>timestamp(3)</c> without time
/// zone, <c>integer</c> <c>expires_at</c>, no primary key on <c>VerificationToken</c>), upgraded only by the four
/// nullable device columns: next-auth's rows read through the stores, and the stores' rows as next-auth reads them.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
[Requires(Requirement.PostgreSql)]
public sealed class NextAuthPrismaDatabaseTests(PostgreSqlServer server) : IAsyncLifetime
{
    // The schema `prisma migrate` makes for next-auth's v4 models, and the upgrade ApplySesameModel documents.
    private const string PrismaSchema = """
        CREATE TABLE "User" ("id" TEXT NOT NULL, "name" TEXT, "email" TEXT, "emailVerified" TIMESTAMP(3), "image" TEXT,
            CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
        CREATE TABLE "Account" ("id" TEXT NOT NULL, "userId" TEXT NOT NULL, "type" TEXT NOT NULL, "provider" TEXT NOT NULL,
            "providerAccountId" TEXT NOT NULL, "refresh_token" TEXT, "access_token" TEXT, "expires_at" INTEGER, "token_type" TEXT,
            "scope" TEXT, "id_token" TEXT, "session_state" TEXT, CONSTRAINT "Account_pkey" PRIMARY KEY ("id"));
        CREATE TABLE "Session" ("id" TEXT NOT NULL, "sessionToken" TEXT NOT NULL, "userId" TEXT NOT NULL,
            "expires" TIMESTAMP(3) NOT NULL, CONSTRAINT "Session_pkey" PRIMARY KEY ("id"));
        CREATE TABLE "VerificationToken" ("identifier" TEXT NOT NULL, "token" TEXT NOT NULL, "expires" TIMESTAMP(3) NOT NULL);
        CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
        CREATE UNIQUE INDEX "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");
        CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");
        CREATE UNIQUE INDEX "VerificationToken_token_key" ON "VerificationToken"("token");
        CREATE UNIQUE INDEX "VerificationToken_identifier_token_key" ON "VerificationToken"("identifier", "token");
        ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
        ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

        ALTER TABLE "Session" ADD COLUMN "createdAt" TIMESTAMPTZ, ADD COLUMN "lastSeenAt" TIMESTAMPTZ,
            ADD COLUMN "userAgent" TEXT, ADD COLUMN "ipAddress" TEXT, ADD COLUMN "persistent" BOOLEAN;
        """;

    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly string _run = StoreIds.NewId()[..10];
    private string? _connectionString;
    private ServiceProvider? _services;
    private StoreUnderTest? _store;

    private StoreUnderTest Store => _store!;

    public async Task InitializeAsync()
    {
        var database = await server.GetDatabaseAsync("prisma", async connectionString =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(PrismaSchema, connection);
            await create.ExecuteNonQueryAsync();
        });
        // timestamp(3) columns hold UTC wall-clock times (Prisma's convention): the session time zone must be UTC.
        _connectionString = new NpgsqlConnectionStringBuilder(database) { Timezone = "UTC" }.ConnectionString;
        _services = EntityFrameworkCoreStores.BuildServices<SesameDbContext>(o => o.UseNpgsql(_connectionString));
        _store = EntityFrameworkCoreStores.Create(_services, new SqlDataReader(() => new NpgsqlConnection(_connectionString)));
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task NextAuthRows_ReadThroughTheStores_KeepTheirValues()
    {
        var (userId, token) = ($"user-{_run}", $"raw-token-{_run}");
        await ExecuteAsync($"""
            INSERT INTO "User" ("id", "name", "email", "emailVerified") VALUES ('{userId}', 'Ada', 'ada-{_run}@example.com', '2026-03-04 05:06:07.890');
            INSERT INTO "Account" ("id", "userId", "type", "provider", "providerAccountId", "access_token", "expires_at")
                VALUES ('account-{_run}', '{userId}', 'oauth', 'github', 'gh-{_run}', 'gho_x', 1900000000);
            INSERT INTO "Session" ("id", "sessionToken", "userId", "expires") VALUES ('session-{_run}', '{token}', '{userId}', '2026-04-03 05:06:07.890');
            INSERT INTO "VerificationToken" ("identifier", "token", "expires") VALUES ('ada-{_run}@example.com', 'hash-{_run}', '2026-03-05 05:06:07.890');
            """);

        var user = await Store.Users.GetUserByAccountAsync("github", $"gh-{_run}", CancellationToken.None);
        var found = await Store.Sessions.GetSessionAndUserAsync(token, CancellationToken.None);
        var active = await Store.Sessions.ListUserSessionsAsync(userId, Now, CancellationToken.None);
        var verification = await Store.VerificationTokens.UseVerificationTokenAsync($"ada-{_run}@example.com", $"hash-{_run}", CancellationToken.None);

        Assert.Equal(Now, user!.EmailVerified);
        Assert.Equal(
            new SesameSession { Id = $"session-{_run}", SessionKey = token, UserId = userId, Expires = Now.AddDays(30) },
            found!.Session);
        Assert.Equal(userId, found.User.Id);
        Assert.Equal($"session-{_run}", Assert.Single(active).Id);
        Assert.Equal(Now.AddDays(1), verification!.Expires);
        Assert.Equal(1_900_000_000, Assert.Single(await Store.Data.ReadAccountsAsync(userId, CancellationToken.None)).ExpiresAt);
    }

    [StoreFact]
    public async Task StoreRows_ReadByNextAuth_HaveUtcTimesAndCascade()
    {
        var user = await Store.Users.CreateUserAsync(new SesameUser { Id = "", Email = $"bob-{_run}@example.com", EmailVerified = Now }, CancellationToken.None);
        await Store.Accounts.LinkAccountAsync(
            new SesameAccount { UserId = user.Id, Type = "oauth", Provider = "github", ProviderAccountId = $"gh-bob-{_run}", ExpiresAt = 1_900_000_000 }, CancellationToken.None);
        var session = await Store.Sessions.CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = $"bob-token-{_run}", UserId = user.Id, Expires = Now.AddDays(30), CreatedAt = Now }, CancellationToken.None);
        Assert.True(await Store.Sessions.UpdateSessionAsync(session.SessionKey, Now.AddDays(31), Now.AddDays(1), CancellationToken.None));

        // What Prisma reads: the timestamp(3) wall-clock value, taken as UTC.
        Assert.Equal("2026-04-04T05:06:07.890", await ScalarAsync($"""SELECT to_char("expires", 'YYYY-MM-DD"T"HH24:MI:SS.MS') FROM "Session" WHERE "id" = '{session.Id}'"""));
        Assert.Equal("2026-03-04T05:06:07.890", await ScalarAsync($"""SELECT to_char("emailVerified", 'YYYY-MM-DD"T"HH24:MI:SS.MS') FROM "User" WHERE "id" = '{user.Id}'"""));

        Assert.True(await Store.Users.DeleteUserAsync(user.Id, CancellationToken.None));
        Assert.Equal("0", await ScalarAsync($"""SELECT (SELECT count(*) FROM "Account" WHERE "userId" = '{user.Id}') + (SELECT count(*) FROM "Session" WHERE "userId" = '{user.Id}')"""));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
