using System.Globalization;
using Sesame.Stores;
using Sesame.Testing;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// Reads what the Redis stores keep with plain commands, scanning every key under the prefix rather than following
/// the stores' own indexes: a record a store forgot to index (or failed to delete) is found all the same.
/// </summary>
internal sealed class RedisDataReader(IDatabase database, string prefix) : IStoreDataReader
{
    public async Task<SesameUser?> ReadUserAsync(string id, CancellationToken cancellationToken)
    {
        var fields = ToFields(await database.HashGetAllAsync(prefix + "user:" + id));
        return fields is null ? null : new SesameUser
        {
            Id = fields["id"]!,
            Name = fields.GetValueOrDefault("name"),
            Email = fields.GetValueOrDefault("email"),
            EmailVerified = Time(fields.GetValueOrDefault("emailVerified")),
            Image = fields.GetValueOrDefault("image"),
        };
    }

    public async Task<IReadOnlyList<SesameAccount>> ReadAccountsAsync(string userId, CancellationToken cancellationToken)
    {
        var accounts = new List<SesameAccount>();
        foreach (var fields in await ScanAsync("account:"))
        {
            if (fields.GetValueOrDefault("userId") == userId)
            {
                accounts.Add(new SesameAccount
                {
                    UserId = fields["userId"]!,
                    Type = fields["type"]!,
                    Provider = fields["provider"]!,
                    ProviderAccountId = fields["providerAccountId"]!,
                    RefreshToken = fields.GetValueOrDefault("refreshToken"),
                    AccessToken = fields.GetValueOrDefault("accessToken"),
                    ExpiresAt = fields.GetValueOrDefault("expiresAt") is { } expiresAt ? long.Parse(expiresAt, CultureInfo.InvariantCulture) : null,
                    TokenType = fields.GetValueOrDefault("tokenType"),
                    Scope = fields.GetValueOrDefault("scope"),
                    IdToken = fields.GetValueOrDefault("idToken"),
                    SessionState = fields.GetValueOrDefault("sessionState"),
                });
            }
        }

        return accounts;
    }

    public async Task<IReadOnlyList<SesameSession>> ReadSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        var sessions = new List<SesameSession>();
        foreach (var fields in await ScanAsync("session:"))
        {
            if (fields.GetValueOrDefault("userId") == userId)
            {
                sessions.Add(new SesameSession
                {
                    Id = fields["id"]!,
                    SessionKey = fields["sessionKey"]!,
                    UserId = fields["userId"]!,
                    Expires = Time(fields["expires"])!.Value,
                    CreatedAt = Time(fields.GetValueOrDefault("createdAt")),
                    LastSeenAt = Time(fields.GetValueOrDefault("lastSeenAt")),
                    UserAgent = fields.GetValueOrDefault("userAgent"),
                    IpAddress = fields.GetValueOrDefault("ipAddress"),
                    Persistent = fields.GetValueOrDefault("persistent") switch { "1" => true, "0" => false, _ => null },
                });
            }
        }

        return sessions;
    }

    public async Task<IReadOnlyList<SesameVerificationToken>> ReadVerificationTokensAsync(string identifier, CancellationToken cancellationToken)
    {
        var tokens = new List<SesameVerificationToken>();
        var keyPrefix = prefix + "verification-token:";
        foreach (var key in await KeysAsync(keyPrefix))
        {
            var fields = ToFields(await database.HashGetAllAsync(key));
            if (fields is not null && fields.GetValueOrDefault("identifier") == identifier)
            {
                tokens.Add(new SesameVerificationToken { Identifier = identifier, TokenHash = ((string)key!)[keyPrefix.Length..], Expires = Time(fields["expires"])!.Value });
            }
        }

        return tokens;
    }

    /// <summary>Every key that starts with the prefix and <paramref name="kind"/>, by <c>SCAN</c>.</summary>
    public async Task<List<RedisKey>> KeysAsync(string keyPrefix)
    {
        var server = database.Multiplexer.GetServers().Single();
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(database.Database, Glob(keyPrefix) + "*", pageSize: 500))
        {
            keys.Add(key);
        }

        return keys;
    }

    private async Task<List<Dictionary<string, string?>>> ScanAsync(string kind)
    {
        var records = new List<Dictionary<string, string?>>();
        foreach (var key in await KeysAsync(prefix + kind))
        {
            if (ToFields(await database.HashGetAllAsync(key)) is { } fields)
            {
                records.Add(fields);
            }
        }

        return records;
    }

    private static Dictionary<string, string?>? ToFields(HashEntry[] entries) =>
        entries.Length == 0 ? null : entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value, StringComparer.Ordinal);

    private static DateTimeOffset? Time(string? unixMs) =>
        unixMs is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(unixMs, CultureInfo.InvariantCulture));

    // SCAN's MATCH is a glob: escape what the prefix or ids may contain.
    private static string Glob(string literal)
    {
        var escaped = new System.Text.StringBuilder(literal.Length);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
