using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Shared;

/// <summary>
/// The key layout, all under one prefix. Scripts that find a key from stored data (a user's sessions while deleting the
/// user) build it in Lua from the same prefix and the same suffixes, so the two spellings live side by side here.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    // Suffixes shared with the Lua scripts (RedisScripts), which append ids to prefix .. suffix.
    public const string UserSuffix = "user:";
    public const string UserEmailSuffix = "user-email:";
    public const string UserAccountsSuffix = "user-accounts:";
    public const string UserSessionsSuffix = "user-sessions:";
    public const string AccountSuffix = "account:";
    public const string SessionSuffix = "session:";
    public const string SessionIdSuffix = "session-id:";
    public const string VerificationTokenSuffix = "verification-token:";
    public const string JwtSessionSuffix = "jwt-session:";
    public const string UserJwtSessionsSuffix = "user-jwt-sessions:";
    public const string JwtSessionRevokedSuffix = "jwt-session-revoked";

    /// <summary>The channel on which a user id is published when that user's database sessions changed (the session cache's invalidation).</summary>
    public const string SessionsChangedSuffix = "sessions-changed";

    public string Prefix { get; } = prefix;

    /// <summary>A hash of the user's stored fields.</summary>
    public RedisKey User(string id) => Prefix + UserSuffix + id;

    /// <summary>The id of the user with this e-mail address (the uniqueness index).</summary>
    public RedisKey UserEmail(string email) => Prefix + UserEmailSuffix + email;

    /// <summary>A set of <see cref="AccountId"/>s linked to the user.</summary>
    public RedisKey UserAccounts(string userId) => Prefix + UserAccountsSuffix + userId;

    /// <summary>A sorted set of the user's session ids, scored by expiry (Unix ms): the device list and "sign out everywhere".</summary>
    public RedisKey UserSessions(string userId) => Prefix + UserSessionsSuffix + userId;

    /// <summary>A hash of the account's fields.</summary>
    public RedisKey Account(string accountId) => Prefix + AccountSuffix + accountId;

    /// <summary>A hash of the session's fields, found by what the cookie maps to.</summary>
    public RedisKey Session(string sessionKey) => Prefix + SessionSuffix + sessionKey;

    /// <summary>The session key of the session with this non-secret id (also what makes ids unique).</summary>
    public RedisKey SessionId(string sessionId) => Prefix + SessionIdSuffix + sessionId;

    /// <summary>A hash of the token's identifier and expiry, found by the token's hash.</summary>
    public RedisKey VerificationToken(string tokenHash) => Prefix + VerificationTokenSuffix + tokenHash;

    /// <summary>A hash of a revocable JWT session's registration (user id, expiry, device data), found by its <c>sid</c>.</summary>
    public RedisKey JwtSession(string sessionId) => Prefix + JwtSessionSuffix + sessionId;

    /// <summary>A sorted set of the user's revocable JWT session ids, scored by expiry (Unix ms).</summary>
    public RedisKey UserJwtSessions(string userId) => Prefix + UserJwtSessionsSuffix + userId;

    /// <summary>The pub/sub channel on which every revocation of a JWT session is published (the message is its <c>sid</c>).</summary>

    /// <summary>
    /// One string for (provider, provider account id): the provider's length first, so that no pair of values can
    /// spell another pair ("a:b" + "c" and "a" + "b:c" differ).
    /// </summary>
    public static string AccountId(string provider, string providerAccountId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{provider.Length}:{provider}:{providerAccountId}");
}
