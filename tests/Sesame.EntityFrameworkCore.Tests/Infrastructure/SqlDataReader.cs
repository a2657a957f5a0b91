using System.Data.Common;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// Reads the tables with plain SQL on a connection of its own, by next-auth's Prisma table and column names: what
/// the spec checks is what another program (next-auth itself) would find, not what EF Core maps back.
/// </summary>
internal sealed class SqlDataReader(Func<DbConnection> connect) : IStoreDataReader
{
    public async Task<SesameUser?> ReadUserAsync(string id, CancellationToken cancellationToken)
    {
        var users = await QueryAsync(
            """SELECT "id", "name", "email", "emailVerified", "image" FROM "User" WHERE "id" = @key""", id,
            r => new SesameUser { Id = r.GetString(0), Name = Text(r, 1), Email = Text(r, 2), EmailVerified = Time(r, 3), Image = Text(r, 4) },
            cancellationToken);
        return users.SingleOrDefault();
    }

    public Task<IReadOnlyList<SesameAccount>> ReadAccountsAsync(string userId, CancellationToken cancellationToken) => QueryAsync(
        """
        SELECT "userId", "type", "provider", "providerAccountId", "refresh_token", "access_token", "expires_at",
               "token_type", "scope", "id_token", "session_state"
        FROM "Account" WHERE "userId" = @key
        """, userId,
        r => new SesameAccount
        {
            UserId = r.GetString(0),
            Type = r.GetString(1),
            Provider = r.GetString(2),
            ProviderAccountId = r.GetString(3),
            RefreshToken = Text(r, 4),
            AccessToken = Text(r, 5),
            ExpiresAt = r.IsDBNull(6) ? null : r.GetInt64(6),
            TokenType = Text(r, 7),
            Scope = Text(r, 8),
            IdToken = Text(r, 9),
            SessionState = Text(r, 10),
        },
        cancellationToken);

    public Task<IReadOnlyList<SesameSession>> ReadSessionsAsync(string userId, CancellationToken cancellationToken) => QueryAsync(
        """
        SELECT "id", "sessionToken", "userId", "expires", "createdAt", "lastSeenAt", "userAgent", "ipAddress", "persistent"
        FROM "Session" WHERE "userId" = @key
        """, userId,
        r => new SesameSession
        {
            Id = r.GetString(0),
            SessionKey = r.GetString(1),
            UserId = r.GetString(2),
            Expires = Time(r, 3)!.Value,
            CreatedAt = Time(r, 4),
            LastSeenAt = Time(r, 5),
            UserAgent = Text(r, 6),
            IpAddress = Text(r, 7),
            Persistent = r.IsDBNull(8) ? null : r.GetBoolean(8),
        },
        cancellationToken);

    public Task<IReadOnlyList<SesameVerificationToken>> ReadVerificationTokensAsync(string identifier, CancellationToken cancellationToken) => QueryAsync(
        """SELECT "identifier", "token", "expires" FROM "VerificationToken" WHERE "identifier" = @key""", identifier,
        r => new SesameVerificationToken { Identifier = r.GetString(0), TokenHash = r.GetString(1), Expires = Time(r, 2)!.Value },
        cancellationToken);

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    // SQLite gives back the text it stored (no kind), PostgreSQL a UTC timestamp: both are UTC instants.
    private static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(column), DateTimeKind.Utc));

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, string key, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
