using Sesame.StackExchangeRedis.Shared;
using Sesame.Stores;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Stores;

/// <summary>
/// Database sessions as Redis hashes keyed by session key, each with a TTL equal to its expiry (measured on the
/// injected clock) and pushed back when the session is extended; an id index (same TTL) for revoking by id, and the
/// user's sorted set of session ids scored by expiry for the device list and "sign out everywhere". Every write is one
/// script. Users come from Redis (one round trip for <see cref="GetSessionAndUserAsync"/>) or, when
/// <paramref name="externalUsers"/> is given, from another store such as EF Core's (two round trips; the user's
/// existence is then checked before the session is written, not atomically with it).
/// </summary>
internal sealed class RedisSessionStore(RedisConnection connection, TimeProvider timeProvider, IUserStore? externalUsers = null) : ISessionStore
{
    private readonly RedisKeys _keys = connection.Keys;

    public async Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var stored = session with
        {
            Id = string.IsNullOrEmpty(session.Id) ? StoreIds.NewId() : session.Id,
            Expires = session.Expires.ToUniversalTime(),
            CreatedAt = session.CreatedAt?.ToUniversalTime(),
            LastSeenAt = session.LastSeenAt?.ToUniversalTime(),
        };
        if (externalUsers is not null && await externalUsers.GetUserAsync(stored.UserId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new SesameStoreConflictException("The user does not exist.");
        }

        var now = timeProvider.GetUtcNow();
        var values = new List<RedisValue>(22)
        {
            _keys.Prefix,
            RedisTtl.Milliseconds(stored.Expires, now),
            RedisRecords.ToUnixMs(stored.Expires),
            RedisRecords.ToUnixMs(now),
            stored.Id,
            stored.SessionKey,
        };
        RedisRecords.AddSession(values, stored);
        RedisKey[] keys = externalUsers is null
            ? [_keys.Session(stored.SessionKey), _keys.SessionId(stored.Id), _keys.UserSessions(stored.UserId), _keys.User(stored.UserId)]
            : [_keys.Session(stored.SessionKey), _keys.SessionId(stored.Id), _keys.UserSessions(stored.UserId)];
        var status = (int)await connection.EvaluateAsync(RedisScripts.CreateSession, keys, [.. values], cancellationToken).ConfigureAwait(false);
        return status switch
        {
            0 => stored,
            1 => throw new SesameStoreConflictException("A session with this key exists."),
            2 => throw new SesameStoreConflictException("A session with this id exists."),
            _ => throw new SesameStoreConflictException("The user does not exist."),
        };
    }

    public async Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (externalUsers is null)
        {
            var result = await connection.EvaluateAsync(RedisScripts.GetSessionAndUser, [_keys.Session(sessionKey)], [_keys.Prefix], cancellationToken).ConfigureAwait(false);
            if (result.IsNull || result.Length < 2
                || RedisRecords.ReadSession(result[0]) is not { } session
                || RedisRecords.ReadUser(result[1]) is not { } user)
            {
                return null;
            }

            return new SesameSessionAndUser { Session = session, User = user };
        }

        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var entries = await database.HashGetAllAsync(_keys.Session(sessionKey)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (RedisRecords.Fields(entries) is not { } fields)
        {
            return null;
        }

        var found = RedisRecords.Session(fields);
        return await externalUsers.GetUserAsync(found.UserId, cancellationToken).ConfigureAwait(false) is { } owner
            ? new SesameSessionAndUser { Session = found, User = owner }
            : null;
    }

    public async Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        (int)await connection.EvaluateAsync(
            RedisScripts.UpdateSession,
            [_keys.Session(sessionKey)],
            [_keys.Prefix, RedisTtl.Milliseconds(expires, timeProvider.GetUtcNow()), RedisRecords.ToUnixMs(expires), RedisRecords.ToUnixMs(lastSeenAt)],
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken) =>
        RedisRecords.ReadSession(await connection.EvaluateAsync(
            RedisScripts.DeleteSession, [_keys.Session(sessionKey)], [_keys.Prefix], cancellationToken).ConfigureAwait(false));

    public async Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        (int)await connection.EvaluateAsync(
            RedisScripts.DeleteUserSession,
            [_keys.SessionId(sessionId), _keys.UserSessions(userId)],
            [_keys.Prefix, userId, sessionId],
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken) =>
        (int)await connection.EvaluateAsync(
            RedisScripts.DeleteUserSessions, [_keys.UserSessions(userId)], [_keys.Prefix], cancellationToken).ConfigureAwait(false);

    public async Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken) =>
        (int)await connection.EvaluateAsync(
            RedisScripts.DeleteUserSessions, [_keys.UserSessions(userId)], [_keys.Prefix, keepSessionId], cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await connection.EvaluateAsync(
            RedisScripts.ListUserSessions, [_keys.UserSessions(userId)], [_keys.Prefix, RedisRecords.ToUnixMs(now)], cancellationToken).ConfigureAwait(false);
        return RedisRecords.ReadSessions(result);
    }
}
