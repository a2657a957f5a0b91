using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sesame.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Tests.PostgreSql;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.Tests.Tool;

/// <summary>
/// <c>sesame db create</c> and <c>sesame sessions list|revoke</c> with <c>--provider postgresql</c> against a real,
/// throw-away PostgreSQL server: the schema made by the tool, the sessions written by the EF Core store as an app writes
/// them, the tool run as a process, and the store read again.
/// </summary>
public sealed class SesameToolPostgreSqlTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>
{
    [RequiresFact(Requirement.PostgreSql)]
    public async Task DbCreate_PostgreSql_CreatesNextAuthTablesInAnEmptyDatabase()
    {
        var connectionString = await server.GetDatabaseAsync("sesame_tool", _ => Task.CompletedTask);

        var result = await SesameToolTests.SesameAsync("db", "create", "--provider", "postgresql", "--connection", connectionString);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Created Sesame's tables", result.StandardOutput, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Superset(new HashSet<string>(["Account", "Session", "User", "VerificationToken"]), tables);
    }

    [RequiresFact(Requirement.PostgreSql)]
    public async Task DbCreate_UnreachablePostgreSql_ExitsOneWithTheReason()
    {
        var result = await SesameToolTests.SesameAsync("db", "create", "--provider", "postgresql", "--connection", "Host=/nonexistent-socket-dir;Database=x;Username=u;Timeout=2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Could not create the schema in the postgresql database", result.StandardError, StringComparison.Ordinal);
    }

    [RequiresFact(Requirement.PostgreSql)]
    public async Task Sessions_PostgreSql_ListThenRevokeOneThenAll_EndToEnd()
    {
        var connectionString = await server.GetDatabaseAsync("sesame_tool_sessions", _ => Task.CompletedTask);
        var created = await SesameToolTests.SesameAsync("db", "create", "--provider", "postgresql", "--connection", connectionString);
        Assert.True(created.ExitCode == 0, created.ToString());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddDbContext<SesameDbContext>(db => db.UseNpgsql(connectionString));
        services.AddSesame(_ => { }).AddEntityFrameworkCoreStores<SesameDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<IUserStore>();
            await users.CreateUserAsync(new SesameUser { Id = "pg_user", Email = "pg@example.com" }, CancellationToken.None);
            await users.CreateUserAsync(new SesameUser { Id = "pg_other", Email = "other@example.com" }, CancellationToken.None);
        }
        var phone = await SesameToolSessionsTests.CreateSessionAsync(provider, "pg_user", "pg-key-phone", "Phone/1.0", lastSeenMinutesAgo: 1);
        var laptop = await SesameToolSessionsTests.CreateSessionAsync(provider, "pg_user", "pg-key-laptop", "Laptop/2.0", lastSeenMinutesAgo: 5);
        var tablet = await SesameToolSessionsTests.CreateSessionAsync(provider, "pg_user", "pg-key-tablet", "Tablet/3.0", lastSeenMinutesAgo: 9);
        await SesameToolSessionsTests.CreateSessionAsync(provider, "pg_other", "pg-key-other", "Other/1.0", lastSeenMinutesAgo: 2);

        var listed = await SesameToolTests.SesameAsync("sessions", "list", "-u", "pg_user", "-p", "postgresql", "-c", connectionString, "--json");
        var revokedOne = await SesameToolTests.SesameAsync("sessions", "revoke", "--user", "pg_user", "--session", laptop.Id, "--provider", "postgresql", "--connection", connectionString);
        var afterOne = await SesameToolTests.SesameAsync("sessions", "list", "-u", "pg_user", "-p", "postgresql", "-c", connectionString, "--json");
        var revokedAll = await SesameToolTests.SesameAsync("sessions", "revoke", "--user", "pg_user", "--all", "--provider", "postgresql", "--connection", connectionString);
        var unknown = await SesameToolTests.SesameAsync("sessions", "list", "--user", "nobody", "--provider", "postgresql", "--connection", connectionString);

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal([phone.Id, laptop.Id, tablet.Id], JsonNode.Parse(listed.StandardOutput)!.AsArray().Select(s => (string?)s!["id"]));
        Assert.True(revokedOne.ExitCode == 0, revokedOne.ToString());
        Assert.Contains($"Revoked session {laptop.Id} of user pg_user.", revokedOne.StandardOutput, StringComparison.Ordinal);
        Assert.Equal([phone.Id, tablet.Id], JsonNode.Parse(afterOne.StandardOutput)!.AsArray().Select(s => (string?)s!["id"]));
        Assert.True(revokedAll.ExitCode == 0, revokedAll.ToString());
        Assert.Contains("Revoked 2 sessions of user pg_user.", revokedAll.StandardOutput, StringComparison.Ordinal);
        await using (var scope = provider.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ISessionStore>();
            Assert.Null(await store.GetSessionAndUserAsync("pg-key-phone", CancellationToken.None));
            Assert.Null(await store.GetSessionAndUserAsync("pg-key-laptop", CancellationToken.None));
            Assert.NotNull(await store.GetSessionAndUserAsync("pg-key-other", CancellationToken.None)); // another user's stays
        }
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("No user with id 'nobody' in the store.", unknown.StandardError.Trim());
    }
}
