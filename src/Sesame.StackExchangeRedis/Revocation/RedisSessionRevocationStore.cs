using Microsoft.Extensions.Logging;
using Sesame.Sessions.Revocation;
using Sesame.StackExchangeRedis.Logging;
using Sesame.StackExchangeRedis.Shared;
using Sesame.Stores;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Revocation;

/// <summary>
/// Revocable JWT sessions registered in Redis, shared by every instance: a hash per session id with a TTL equal to the
/// session's expiry (moved by each refresh), and the user's sorted set of session ids scored by expiry for the device
/// list and "sign out everywhere"; every write touching both is one script. A revocation is published on a pub/sub
/// channel by the same script that deletes the registration, so every subscribed instance forgets the session at once;
/// when the subscription drops and comes back, instances forget everything they cached (revocations may have been
/// missed), and while it is down the check interval bounds the delay. The check itself is one <c>HMGET</c> (the owner and the version).
/// </summary>
internal sealed class RedisSessionRevocationStore(RedisConnection connection, TimeProvider timeProvider, ILogger<RedisSessionRevocationStore> logger)
    : ISessionRevocationStore, IAsyncDisposable
{
    // what the check reads: the owner (a session of another user is not this one) and the version, in one HMGET
    private static readonly RedisValue[] CheckedFields = [RedisRecords.UserId, RedisRecords.Version];
    private readonly RedisKeys _keys = connection.Keys;
    private readonly RedisChannelListener _revoked = new(
        connection, connection.Keys.Prefix + RedisKeys.JwtSessionRevokedSuffix, "JWT session revocations", timeProvider, logger);

    public async Task RegisterAsync(SesameSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var stored = session with
        {
            Expires = session.Expires.ToUniversalTime(),
            CreatedAt = session.CreatedAt?.ToUniversalTime(),
            LastSeenAt = session.LastSeenAt?.ToUniversalTime(),
        };
        var now = timeProvider.GetUtcNow();
        var values = new List<RedisValue>(20)
        {
            _keys.Prefix,
            RedisTtl.Milliseconds(stored.Expires, now),
            RedisRecords.ToUnixMs(stored.Expires),
            RedisRecords.ToUnixMs(now),
            stored.Id,
        };
        RedisRecords.AddSession(values, stored);
        var status = (int)await connection.EvaluateAsync(
            RedisScripts.RegisterJwtSession, [_keys.JwtSession(stored.Id), _keys.UserJwtSessions(stored.UserId)], [.. values], cancellationToken).ConfigureAwait(false);
        if (status != 0)
        {
            throw new SesameStoreConflictException("A session with this id exists.");
        }
    }

    public async Task<long?> GetVersionAsync(string sessionId, string userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var fields = database.HashGetAsync(_keys.JwtSession(sessionId), CheckedFields);
        var values = cancellationToken.CanBeCanceled ? await fields.WaitAsync(cancellationToken).ConfigureAwait(false) : await fields.ConfigureAwait(false);
        if (values[0] != userId)
        {
            return null;
        }

        return values[1].IsNull ? 0 : values[1].TryParse(out long version) && version >= 0 ? version : null;
    }

    public async Task<IReadOnlyList<string>> AddUpdateAsync(string userId, string data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(data);
        var result = await connection.EvaluateAsync(
            RedisScripts.AddJwtSessionUpdate,
            [_keys.UserJwtSessions(userId)],
            [_keys.Prefix, Channel, RedisRecords.ToUnixMs(timeProvider.GetUtcNow()), data, ISessionRevocationStore.KeptUpdates],
            cancellationToken).ConfigureAwait(false);
        return result.IsNull || result.Length == 0 ? [] : [.. ((RedisResult[])result!).Select(id => (string)id!)];
    }

    public async Task<IReadOnlyList<string>?> GetUpdatesAsync(string sessionId, long afterVersion, long version, CancellationToken cancellationToken)
    {
        if (afterVersion < 0 || version < afterVersion || version - afterVersion > ISessionRevocationStore.KeptUpdates)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fields = new RedisValue[version - afterVersion];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = RedisRecords.UpdatePrefix + (afterVersion + 1 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var values = await database.HashGetAsync(_keys.JwtSession(sessionId), fields).WaitAsync(cancellationToken).ConfigureAwait(false);
        return values.Any(value => value.IsNull) ? null : [.. values.Select(value => (string)value!)];
    }

    public async Task<bool> ExtendAsync(string sessionId, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        (int)await connection.EvaluateAsync(
            RedisScripts.ExtendJwtSession,
            [_keys.JwtSession(sessionId)],
            [_keys.Prefix, RedisTtl.Milliseconds(expires, timeProvider.GetUtcNow()), RedisRecords.ToUnixMs(expires), RedisRecords.ToUnixMs(lastSeenAt), sessionId],
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<IReadOnlyList<SesameSession>> ListSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await connection.EvaluateAsync(
            RedisScripts.ListJwtSessions, [_keys.UserJwtSessions(userId)], [_keys.Prefix, RedisRecords.ToUnixMs(now)], cancellationToken).ConfigureAwait(false);
        return RedisRecords.ReadSessions(result);
    }

    public async Task<bool> RevokeSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        (int)await connection.EvaluateAsync(
            RedisScripts.RevokeJwtSession,
            [_keys.JwtSession(sessionId), _keys.UserJwtSessions(userId)],
            [_keys.Prefix, userId, sessionId, Channel],
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<IReadOnlyList<string>> RevokeSessionsAsync(string userId, string? exceptSessionId, CancellationToken cancellationToken)
    {
        RedisValue[] values = exceptSessionId is null ? [_keys.Prefix, Channel] : [_keys.Prefix, Channel, exceptSessionId];
        var result = await connection.EvaluateAsync(RedisScripts.RevokeJwtSessions, [_keys.UserJwtSessions(userId)], values, cancellationToken).ConfigureAwait(false);
        if (result.IsNull || result.Length == 0)
        {
            return [];
        }

        return [.. ((RedisResult[])result!).Select(id => (string)id!)];
    }

    public IDisposable Subscribe(Action<string?> onRevoked) => _revoked.Subscribe(onRevoked);

    public ValueTask DisposeAsync() => _revoked.DisposeAsync();

    // The channel's name as a script argument (PUBLISH takes it as a string).
    private string Channel => _revoked.Channel;
}
