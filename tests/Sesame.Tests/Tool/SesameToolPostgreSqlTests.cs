using Npgsql;
using Sesame.EntityFrameworkCore.Tests.PostgreSql;
using Sesame.Testing;

namespace Sesame.Tests.Tool;

/// <summary><c>sesame db create --provider postgresql</c> against a real, throw-away PostgreSQL server.</summary>
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
}
