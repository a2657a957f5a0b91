namespace Sesame.StackExchangeRedis.Shared;

/// <summary>
/// The Lua scripts behind every write that touches more than one key: Redis runs a script atomically, so a record and
/// its indexes change together or not at all, and concurrent writers (two instances signing the same user in and out)
/// cannot interleave. StackExchange.Redis sends each by its SHA1 (<c>EVALSHA</c>) and re-sends the body after a Redis
/// restart emptied the script cache. ARGV[1] is always the key prefix; keys found from stored data (a user's sessions)
/// are built from it with the suffixes of <see cref="RedisKeys"/>. Status codes: 0 done, positive a conflict.
/// </summary>
internal static class RedisScripts
{
    // Builds a key: the prefix (ARGV[1]) and a suffix of RedisKeys.
    private const string KeyFunction = "local p = ARGV[1]\nlocal function k(suffix, id) return p .. suffix .. id end\n";

    // The value of a field in an HGETALL reply.
    private const string FieldFunction = "local function field(h, name) for i = 1, #h, 2 do if h[i] == name then return h[i + 1] end end return nil end\n";

    /// <summary>KEYS: user, e-mail index (optional). ARGV: prefix, then field pairs with the id first. 1 = id taken, 2 = e-mail taken.</summary>
    public const string CreateUser = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
        if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        if KEYS[2] then redis.call('SET', KEYS[2], ARGV[3]) end
        return 0
        """;

    /// <summary>KEYS: user, new e-mail index (optional). ARGV: prefix, field pairs with the id first. 0 = no such user, 1 = updated, 2 = e-mail taken.</summary>
    public const string UpdateUser = KeyFunction + $$"""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local id = ARGV[3]
        if KEYS[2] then
          local owner = redis.call('GET', KEYS[2])
          if owner and owner ~= id then return 2 end
        end
        local old = redis.call('HGET', KEYS[1], 'email')
        if old then
          local oldKey = k('{{RedisKeys.UserEmailSuffix}}', old)
          if redis.call('GET', oldKey) == id then redis.call('DEL', oldKey) end
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        if KEYS[2] then redis.call('SET', KEYS[2], id) end
        return 1
        """;

    /// <summary>KEYS: user. ARGV: prefix, user id. Deletes the user, its e-mail index, accounts and sessions. 0 = no such user.</summary>
    public const string DeleteUser = KeyFunction + $$"""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local id = ARGV[2]
        local email = redis.call('HGET', KEYS[1], 'email')
        if email then
          local emailKey = k('{{RedisKeys.UserEmailSuffix}}', email)
          if redis.call('GET', emailKey) == id then redis.call('DEL', emailKey) end
        end
        local accounts = k('{{RedisKeys.UserAccountsSuffix}}', id)
        for _, account in ipairs(redis.call('SMEMBERS', accounts)) do
          redis.call('DEL', k('{{RedisKeys.AccountSuffix}}', account))
        end
        local sessions = k('{{RedisKeys.UserSessionsSuffix}}', id)
        for _, sessionId in ipairs(redis.call('ZRANGE', sessions, 0, -1)) do
          local idKey = k('{{RedisKeys.SessionIdSuffix}}', sessionId)
          local sessionKey = redis.call('GET', idKey)
          if sessionKey then redis.call('DEL', k('{{RedisKeys.SessionSuffix}}', sessionKey)) end
          redis.call('DEL', idKey)
        end
        redis.call('DEL', KEYS[1], accounts, sessions)
        return 1
        """;

    /// <summary>KEYS: e-mail index. ARGV: prefix. The user's HGETALL, or an empty reply.</summary>
    public const string GetUserByEmail = KeyFunction + $$"""
        local id = redis.call('GET', KEYS[1])
        if not id then return {} end
        return redis.call('HGETALL', k('{{RedisKeys.UserSuffix}}', id))
        """;

    /// <summary>KEYS: account. ARGV: prefix. The linked user's HGETALL, or an empty reply.</summary>
    public const string GetUserByAccount = KeyFunction + $$"""
        local id = redis.call('HGET', KEYS[1], 'userId')
        if not id then return {} end
        return redis.call('HGETALL', k('{{RedisKeys.UserSuffix}}', id))
        """;

    /// <summary>KEYS: account, user, user's account set. ARGV: prefix, account id, field pairs. 1 = linked already, 2 = no such user.</summary>
    public const string LinkAccount = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 2 end
        if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 3))
        redis.call('SADD', KEYS[3], ARGV[2])
        return 0
        """;

    /// <summary>KEYS: account. ARGV: prefix, account id. 1 = unlinked, 0 = not linked.</summary>
    public const string UnlinkAccount = KeyFunction + $$"""
        local userId = redis.call('HGET', KEYS[1], 'userId')
        if not userId then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', k('{{RedisKeys.UserAccountsSuffix}}', userId), ARGV[2])
        return 1
        """;

    /// <summary>
    /// KEYS: session, session id, user's session set, user (optional: absent when users live in another store).
    /// ARGV: prefix, TTL ms, expiry (Unix ms), now (Unix ms), session id, session key, field pairs.
    /// 1 = key taken, 2 = id taken, 3 = no such user. The user's set lives as long as its longest session and drops
    /// ids that expired before now.
    /// </summary>
    public const string CreateSession = """
        if KEYS[4] and redis.call('EXISTS', KEYS[4]) == 0 then return 3 end
        if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
        if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
        local ttl = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], unpack(ARGV, 7))
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('SET', KEYS[2], ARGV[6], 'PX', ttl)
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[4])
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[5])
        if redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
        return 0
        """;

    /// <summary>KEYS: session. ARGV: prefix. The session's HGETALL and its user's, or an empty reply.</summary>
    public const string GetSessionAndUser = KeyFunction + FieldFunction + $$"""
        local session = redis.call('HGETALL', KEYS[1])
        if #session == 0 then return {} end
        local user = redis.call('HGETALL', k('{{RedisKeys.UserSuffix}}', field(session, 'userId')))
        if #user == 0 then return {} end
        return { session, user }
        """;

    /// <summary>KEYS: session. ARGV: prefix, TTL ms, expiry (Unix ms), last seen (Unix ms). 1 = extended, 0 = no such session.</summary>
    public const string UpdateSession = KeyFunction + $$"""
        local f = redis.call('HMGET', KEYS[1], 'id', 'userId')
        if not f[1] then return 0 end
        local ttl = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], 'expires', ARGV[3], 'lastSeenAt', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('PEXPIRE', k('{{RedisKeys.SessionIdSuffix}}', f[1]), ttl)
        local sessions = k('{{RedisKeys.UserSessionsSuffix}}', f[2])
        redis.call('ZADD', sessions, ARGV[3], f[1])
        if redis.call('PTTL', sessions) < ttl then redis.call('PEXPIRE', sessions, ttl) end
        return 1
        """;

    /// <summary>KEYS: session. ARGV: prefix. The deleted session's HGETALL, or an empty reply.</summary>
    public const string DeleteSession = KeyFunction + FieldFunction + $$"""
        local session = redis.call('HGETALL', KEYS[1])
        if #session == 0 then return {} end
        local id = field(session, 'id')
        redis.call('DEL', KEYS[1], k('{{RedisKeys.SessionIdSuffix}}', id))
        redis.call('ZREM', k('{{RedisKeys.UserSessionsSuffix}}', field(session, 'userId')), id)
        return session
        """;

    /// <summary>KEYS: session id, user's session set. ARGV: prefix, user id, session id. 1 = deleted, 0 = the user has no such session.</summary>
    public const string DeleteUserSession = KeyFunction + $$"""
        local sessionKey = redis.call('GET', KEYS[1])
        if not sessionKey then return 0 end
        local key = k('{{RedisKeys.SessionSuffix}}', sessionKey)
        if redis.call('HGET', key, 'userId') ~= ARGV[2] then return 0 end
        redis.call('DEL', key, KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[3])
        return 1
        """;

    /// <summary>KEYS: user's session set. ARGV: prefix, the id to keep (optional). How many sessions were deleted.</summary>
    public const string DeleteUserSessions = KeyFunction + $$"""
        local keep = ARGV[2]
        local deleted = 0
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          if id ~= keep then
            local idKey = k('{{RedisKeys.SessionIdSuffix}}', id)
            local sessionKey = redis.call('GET', idKey)
            if sessionKey then deleted = deleted + redis.call('DEL', k('{{RedisKeys.SessionSuffix}}', sessionKey)) end
            redis.call('DEL', idKey)
            redis.call('ZREM', KEYS[1], id)
          end
        end
        return deleted
        """;

    /// <summary>KEYS: user's session set. ARGV: prefix, now (Unix ms). The HGETALLs of the sessions expiring after now, latest first.</summary>
    public const string ListUserSessions = KeyFunction + $$"""
        local out = {}
        for _, id in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', '(' .. ARGV[2])) do
          local sessionKey = redis.call('GET', k('{{RedisKeys.SessionIdSuffix}}', id))
          local session = sessionKey and redis.call('HGETALL', k('{{RedisKeys.SessionSuffix}}', sessionKey)) or {}
          if #session > 0 then out[#out + 1] = session else redis.call('ZREM', KEYS[1], id) end
        end
        return out
        """;

    /// <summary>KEYS: token. ARGV: prefix, TTL ms, identifier, expiry (Unix ms). 1 = hash taken.</summary>
    public const string CreateVerificationToken = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
        redis.call('HSET', KEYS[1], 'identifier', ARGV[3], 'expires', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 0
        """;

    /// <summary>KEYS: token. ARGV: prefix, identifier (optional). The used token's identifier and expiry, or an empty reply.</summary>
    public const string UseVerificationToken = """
        local t = redis.call('HMGET', KEYS[1], 'identifier', 'expires')
        if not t[1] then return {} end
        if ARGV[2] and t[1] ~= ARGV[2] then return {} end
        redis.call('DEL', KEYS[1])
        return t
        """;

    /// <summary>
    /// KEYS: JWT session, user's JWT session set. ARGV: prefix, TTL ms, expiry (Unix ms), now (Unix ms), session id,
    /// field pairs. 1 = id taken. The user's set lives as long as its longest session and drops ids that expired before now.
    /// </summary>
    public const string RegisterJwtSession = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
        local ttl = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], unpack(ARGV, 6))
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
        if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
        return 0
        """;

    /// <summary>KEYS: JWT session. ARGV: prefix, TTL ms, expiry (Unix ms), last seen (Unix ms), session id. 1 = extended, 0 = not registered.</summary>
    public const string ExtendJwtSession = KeyFunction + $$"""
        local userId = redis.call('HGET', KEYS[1], 'userId')
        if not userId then return 0 end
        local ttl = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], 'expires', ARGV[3], 'lastSeenAt', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ttl)
        local sessions = k('{{RedisKeys.UserJwtSessionsSuffix}}', userId)
        redis.call('ZADD', sessions, ARGV[3], ARGV[5])
        if redis.call('PTTL', sessions) < ttl then redis.call('PEXPIRE', sessions, ttl) end
        return 1
        """;

    /// <summary>
    /// KEYS: JWT session, user's JWT session set. ARGV: prefix, user id, session id, channel. 1 = revoked (and published
    /// in the same atomic step), 0 = the user has no such session.
    /// </summary>
    public const string RevokeJwtSession = """
        if redis.call('HGET', KEYS[1], 'userId') ~= ARGV[2] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[3])
        redis.call('PUBLISH', ARGV[4], ARGV[3])
        return 1
        """;

    /// <summary>KEYS: user's JWT session set. ARGV: prefix, channel, the id to keep (optional). The ids revoked, each published.</summary>
    public const string RevokeJwtSessions = KeyFunction + $$"""
        local keep = ARGV[3]
        local out = {}
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          if id ~= keep then
            if redis.call('DEL', k('{{RedisKeys.JwtSessionSuffix}}', id)) == 1 then
              out[#out + 1] = id
              redis.call('PUBLISH', ARGV[2], id)
            end
            redis.call('ZREM', KEYS[1], id)
          end
        end
        return out
        """;

    /// <summary>
    /// KEYS: user's JWT session set. ARGV: prefix, channel, now (Unix ms), the update's data, how many updates to keep. For each unexpired session
    /// of the user: the version (field <c>version</c>) goes up by one, the data is kept as field <c>update:{version}</c>,
    /// the one that many before it dropped, and
    /// the id published (as a revocation is: every instance asks again). The ids updated.
    /// </summary>
    public const string AddJwtSessionUpdate = KeyFunction + $$"""
        local out = {}
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[3], '+inf')) do
          local key = k('{{RedisKeys.JwtSessionSuffix}}', id)
          if redis.call('EXISTS', key) == 1 then
            local version = redis.call('HINCRBY', key, '{{RedisRecords.Version}}', 1)
            redis.call('HSET', key, '{{RedisRecords.UpdatePrefix}}' .. version, ARGV[4])
            redis.call('HDEL', key, '{{RedisRecords.UpdatePrefix}}' .. (version - tonumber(ARGV[5])))
            out[#out + 1] = id
            redis.call('PUBLISH', ARGV[2], id)
          end
        end
        return out
        """;

    /// <summary>KEYS: user's JWT session set. ARGV: prefix, now (Unix ms). The HGETALLs of the sessions expiring after now, latest first.</summary>
    public const string ListJwtSessions = KeyFunction + $$"""
        local out = {}
        for _, id in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', '(' .. ARGV[2])) do
          local session = redis.call('HGETALL', k('{{RedisKeys.JwtSessionSuffix}}', id))
          if #session > 0 then out[#out + 1] = session else redis.call('ZREM', KEYS[1], id) end
        end
        return out
        """;

    /// <summary>
    /// KEYS: account. ARGV: prefix, then the token field pairs to set. 0 = no such account, 1 = updated: every token
    /// field is replaced at once (those not given are removed), the account's user and type stay.
    /// </summary>
    public const string UpdateAccountTokens = $$"""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[1], '{{RedisRecords.RefreshToken}}', '{{RedisRecords.AccessToken}}', '{{RedisRecords.ExpiresAt}}', '{{RedisRecords.TokenType}}', '{{RedisRecords.Scope}}', '{{RedisRecords.IdToken}}', '{{RedisRecords.SessionState}}')
        if #ARGV > 1 then redis.call('HSET', KEYS[1], unpack(ARGV, 2)) end
        return 1
        """;
}
