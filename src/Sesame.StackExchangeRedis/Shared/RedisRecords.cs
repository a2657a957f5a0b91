using System.Globalization;
using Sesame.Stores;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Shared;

/// <summary>
/// How records are kept in Redis hashes: one field per non-null member, times as Unix milliseconds (the precision the
/// stores promise), absent fields read back as <see langword="null"/>. Writes produce flat field/value pairs for
/// <c>HSET</c> in a script; reads take the flat arrays <c>HGETALL</c> returns.
/// </summary>
internal static class RedisRecords
{
    public const string Id = "id";
    public const string Name = "name";
    public const string Email = "email";
    public const string EmailVerified = "emailVerified";
    public const string Image = "image";
    public const string UserId = "userId";
    public const string Type = "type";
    public const string Provider = "provider";
    public const string ProviderAccountId = "providerAccountId";
    public const string RefreshToken = "refreshToken";
    public const string AccessToken = "accessToken";
    public const string ExpiresAt = "expiresAt";
    public const string TokenType = "tokenType";
    public const string Scope = "scope";
    public const string IdToken = "idToken";
    public const string SessionState = "sessionState";
    public const string SessionKey = "sessionKey";
    public const string Expires = "expires";
    public const string CreatedAt = "createdAt";
    public const string Persistent = "persistent";
    public const string LastSeenAt = "lastSeenAt";
    public const string UserAgent = "userAgent";
    public const string IpAddress = "ipAddress";
    public const string Identifier = "identifier";

    /// <summary>A revocable JWT session's version: how many server-side updates were recorded for it (absent for none).</summary>
    public const string Version = "version";

    /// <summary>The field of a revocable JWT session's update by its version: <c>update:{version}</c>, the data as JSON.</summary>
    public const string UpdatePrefix = "update:";

    public static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>The user's fields as pairs, <see cref="Id"/> first (the scripts read the id from there).</summary>
    public static void AddUser(List<RedisValue> pairs, SesameUser user)
    {
        Add(pairs, Id, user.Id);
        Add(pairs, Name, user.Name);
        Add(pairs, Email, user.Email);
        Add(pairs, EmailVerified, user.EmailVerified);
        Add(pairs, Image, user.Image);
    }

    public static void AddAccount(List<RedisValue> pairs, SesameAccount account)
    {
        Add(pairs, UserId, account.UserId);
        Add(pairs, Type, account.Type);
        Add(pairs, Provider, account.Provider);
        Add(pairs, ProviderAccountId, account.ProviderAccountId);
        Add(pairs, RefreshToken, account.RefreshToken);
        Add(pairs, AccessToken, account.AccessToken);
        if (account.ExpiresAt is { } expiresAt)
        {
            pairs.Add(ExpiresAt);
            pairs.Add(expiresAt);
        }

        Add(pairs, TokenType, account.TokenType);
        Add(pairs, Scope, account.Scope);
        Add(pairs, IdToken, account.IdToken);
        Add(pairs, SessionState, account.SessionState);
    }

    public static void AddSession(List<RedisValue> pairs, SesameSession session)
    {
        Add(pairs, Id, session.Id);
        Add(pairs, SessionKey, session.SessionKey);
        Add(pairs, UserId, session.UserId);
        Add(pairs, Expires, session.Expires);
        Add(pairs, CreatedAt, session.CreatedAt);
        Add(pairs, LastSeenAt, session.LastSeenAt);
        Add(pairs, UserAgent, session.UserAgent);
        Add(pairs, IpAddress, session.IpAddress);
        Add(pairs, Persistent, session.Persistent switch { true => "1", false => "0", null => null });
    }

    /// <summary>A user from an <c>HGETALL</c> reply; <see langword="null"/> for an empty one (no such key).</summary>
    public static SesameUser? ReadUser(RedisResult result) => Fields(result) is { } fields ? User(fields) : null;

    /// <summary>A session from an <c>HGETALL</c> reply; <see langword="null"/> for an empty one (no such key).</summary>
    public static SesameSession? ReadSession(RedisResult result) => Fields(result) is { } fields ? Session(fields) : null;

    /// <summary>The sessions of a script's array of <c>HGETALL</c> replies (a listing), skipping empty ones (gone meanwhile).</summary>
    public static IReadOnlyList<SesameSession> ReadSessions(RedisResult result)
    {
        if (result.IsNull || result.Length == 0)
        {
            return [];
        }

        var sessions = new List<SesameSession>(result.Length);
        foreach (var item in (RedisResult[])result!)
        {
            if (ReadSession(item) is { } session)
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    public static SesameUser User(Dictionary<string, string?> fields) =>
        new()
        {
            Id = fields.GetValueOrDefault(Id) ?? "",
            Name = fields.GetValueOrDefault(Name),
            Email = fields.GetValueOrDefault(Email),
            EmailVerified = Time(fields.GetValueOrDefault(EmailVerified)),
            Image = fields.GetValueOrDefault(Image),
        };

    public static SesameSession Session(Dictionary<string, string?> fields) =>
        new()
        {
            Id = fields.GetValueOrDefault(Id) ?? "",
            SessionKey = fields.GetValueOrDefault(SessionKey) ?? "",
            UserId = fields.GetValueOrDefault(UserId) ?? "",
            Expires = Time(fields.GetValueOrDefault(Expires)) ?? DateTimeOffset.UnixEpoch,
            CreatedAt = Time(fields.GetValueOrDefault(CreatedAt)),
            LastSeenAt = Time(fields.GetValueOrDefault(LastSeenAt)),
            UserAgent = fields.GetValueOrDefault(UserAgent),
            IpAddress = fields.GetValueOrDefault(IpAddress),
            Persistent = fields.GetValueOrDefault(Persistent) switch { "1" => true, "0" => false, _ => null },
        };

    /// <summary>The provider tokens of an account as pairs, for <see cref="RedisScripts.UpdateAccountTokens"/>.</summary>
    public static void AddAccountTokens(List<RedisValue> pairs, SesameAccount account)
    {
        Add(pairs, RefreshToken, account.RefreshToken);
        Add(pairs, AccessToken, account.AccessToken);
        if (account.ExpiresAt is { } expiresAt)
        {
            pairs.Add(ExpiresAt);
            pairs.Add(expiresAt);
        }

        Add(pairs, TokenType, account.TokenType);
        Add(pairs, Scope, account.Scope);
        Add(pairs, IdToken, account.IdToken);
        Add(pairs, SessionState, account.SessionState);
    }

    public static SesameAccount Account(Dictionary<string, string?> fields) =>
        new()
        {
            UserId = fields.GetValueOrDefault(UserId) ?? "",
            Type = fields.GetValueOrDefault(Type) ?? "",
            Provider = fields.GetValueOrDefault(Provider) ?? "",
            ProviderAccountId = fields.GetValueOrDefault(ProviderAccountId) ?? "",
            RefreshToken = fields.GetValueOrDefault(RefreshToken),
            AccessToken = fields.GetValueOrDefault(AccessToken),
            ExpiresAt = fields.GetValueOrDefault(ExpiresAt) is { } expiresAt ? long.Parse(expiresAt, NumberStyles.Integer, CultureInfo.InvariantCulture) : null,
            TokenType = fields.GetValueOrDefault(TokenType),
            Scope = fields.GetValueOrDefault(Scope),
            IdToken = fields.GetValueOrDefault(IdToken),
            SessionState = fields.GetValueOrDefault(SessionState),
        };

    /// <summary>The fields of a <c>HashGetAll</c> answer, or <see langword="null"/> when it is empty.</summary>
    public static Dictionary<string, string?>? Fields(HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = new Dictionary<string, string?>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            fields[entry.Name!] = entry.Value;
        }

        return fields;
    }

    /// <summary>The fields of an <c>HGETALL</c> reply, or <see langword="null"/> when it is empty.</summary>
    public static Dictionary<string, string?>? Fields(RedisResult result)
    {
        if (result.IsNull || result.Length == 0)
        {
            return null;
        }

        var items = (RedisResult[])result!;
        var fields = new Dictionary<string, string?>(items.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            fields[(string)items[i]!] = (string?)items[i + 1];
        }

        return fields;
    }

    public static DateTimeOffset? Time(string? unixMs) =>
        unixMs is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(unixMs, NumberStyles.Integer, CultureInfo.InvariantCulture));

    private static void Add(List<RedisValue> pairs, string field, string? value)
    {
        if (value is not null)
        {
            pairs.Add(field);
            pairs.Add(value);
        }
    }

    private static void Add(List<RedisValue> pairs, string field, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            pairs.Add(field);
            pairs.Add(ToUnixMs(time));
        }
    }
}
