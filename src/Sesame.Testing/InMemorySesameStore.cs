using Sesame.Stores;

namespace Sesame.Testing;

/// <summary>
/// All four store roles in memory, for unit tests: thread-safe, with the same rules as the database stores (unique
/// e-mail, account, session key and token; rows of a missing user rejected; a user's accounts and sessions deleted
/// with it). The <c>Users</c>, <c>Accounts</c>, <c>Sessions</c> and <c>VerificationTokens</c> snapshots let a test
/// check what is stored without going through the store's own reads.
/// </summary>
public sealed class InMemorySesameStore : IUserStore, IAccountStore, ISessionStore, IVerificationTokenStore
{
    // One lock for everything: operations are a few dictionary look-ups, and cascades and uniqueness checks span tables.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SesameUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, string ProviderAccountId), SesameAccount> _accounts = [];
    private readonly Dictionary<string, SesameSession> _sessionsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SesameVerificationToken> _tokensByHash = new(StringComparer.Ordinal);

    /// <summary>A snapshot of the stored users.</summary>
    public IReadOnlyList<SesameUser> Users
    {
        get
        {
            lock (_gate)
            {
                return [.. _users.Values];
            }
        }
    }

    /// <summary>A snapshot of the linked accounts.</summary>
    public IReadOnlyList<SesameAccount> Accounts
    {
        get
        {
            lock (_gate)
            {
                return [.. _accounts.Values];
            }
        }
    }

    /// <summary>A snapshot of the stored sessions, expired ones included.</summary>
    public IReadOnlyList<SesameSession> Sessions
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessionsByKey.Values];
            }
        }
    }

    /// <summary>A snapshot of the stored verification tokens.</summary>
    public IReadOnlyList<SesameVerificationToken> VerificationTokens
    {
        get
        {
            lock (_gate)
            {
                return [.. _tokensByHash.Values];
            }
        }
    }

    /// <inheritdoc />
    public Task<SesameUser> CreateUserAsync(SesameUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Normalize(user, user.Id.Length == 0 ? StoreIds.NewId() : user.Id);
        lock (_gate)
        {
            if (_users.ContainsKey(stored.Id))
            {
                throw new SesameStoreConflictException("A user with this id exists.");
            }

            ThrowIfEmailTaken(stored);
            _users.Add(stored.Id, stored);
        }

        return Task.FromResult(stored);
    }

    /// <inheritdoc />
    public Task<SesameUser?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_users.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public Task<SesameUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(FindByEmail(email));
        }
    }

    /// <inheritdoc />
    public Task<SesameUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(providerAccountId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_accounts.TryGetValue((provider, providerAccountId), out var account)
                ? _users.GetValueOrDefault(account.UserId)
                : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateUserAsync(SesameUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = Normalize(user, user.Id);
        lock (_gate)
        {
            if (!_users.ContainsKey(stored.Id))
            {
                return Task.FromResult(false);
            }

            ThrowIfEmailTaken(stored);
            _users[stored.Id] = stored;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteUserAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_users.Remove(id))
            {
                return Task.FromResult(false);
            }

            foreach (var key in _accounts.Where(a => a.Value.UserId == id).Select(a => a.Key).ToList())
            {
                _accounts.Remove(key);
            }

            RemoveSessions(s => s.UserId == id);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task LinkAccountAsync(SesameAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfNoUser(account.UserId);
            if (!_accounts.TryAdd((account.Provider, account.ProviderAccountId), account))
            {
                throw new SesameStoreConflictException("This provider account is already linked.");
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SesameAccount>> GetUserAccountsAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SesameAccount>>([.. _accounts.Values.Where(a => a.UserId == userId)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateAccountTokensAsync(SesameAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_accounts.TryGetValue((account.Provider, account.ProviderAccountId), out var stored))
            {
                return Task.FromResult(false);
            }

            _accounts[(account.Provider, account.ProviderAccountId)] = stored with
            {
                AccessToken = account.AccessToken,
                RefreshToken = account.RefreshToken,
                IdToken = account.IdToken,
                ExpiresAt = account.ExpiresAt,
                TokenType = account.TokenType,
                Scope = account.Scope,
                SessionState = account.SessionState,
            };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UnlinkAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(providerAccountId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_accounts.Remove((provider, providerAccountId)));
        }
    }

    /// <inheritdoc />
    public Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = session with
        {
            Id = session.Id.Length == 0 ? StoreIds.NewId() : session.Id,
            Expires = session.Expires.ToUniversalTime(),
            CreatedAt = session.CreatedAt?.ToUniversalTime(),
            LastSeenAt = session.LastSeenAt?.ToUniversalTime(),
        };
        lock (_gate)
        {
            ThrowIfNoUser(stored.UserId);
            if (_sessionsByKey.Values.Any(s => s.Id == stored.Id))
            {
                throw new SesameStoreConflictException("A session with this id exists.");
            }

            if (!_sessionsByKey.TryAdd(stored.SessionKey, stored))
            {
                throw new SesameStoreConflictException("A session with this key exists.");
            }
        }

        return Task.FromResult(stored);
    }

    /// <inheritdoc />
    public Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(
                _sessionsByKey.TryGetValue(sessionKey, out var session) && _users.TryGetValue(session.UserId, out var user)
                    ? new SesameSessionAndUser { Session = session, User = user }
                    : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_sessionsByKey.TryGetValue(sessionKey, out var session))
            {
                return Task.FromResult(false);
            }

            _sessionsByKey[sessionKey] = session with { Expires = expires.ToUniversalTime(), LastSeenAt = lastSeenAt.ToUniversalTime() };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_sessionsByKey.Remove(sessionKey, out var session) ? session : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(RemoveSessions(s => s.UserId == userId && s.Id == sessionId) > 0);
        }
    }

    /// <inheritdoc />
    public Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(RemoveSessions(s => s.UserId == userId));
        }
    }

    /// <inheritdoc />
    public Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(keepSessionId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(RemoveSessions(s => s.UserId == userId && s.Id != keepSessionId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<SesameSession> active = [.. _sessionsByKey.Values
                .Where(s => s.UserId == userId && s.Expires > now)
                .OrderByDescending(s => s.Expires)];
            return Task.FromResult(active);
        }
    }

    /// <inheritdoc />
    public Task CreateVerificationTokenAsync(SesameVerificationToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_tokensByHash.TryAdd(token.TokenHash, token with { Expires = token.Expires.ToUniversalTime() }))
            {
                throw new SesameStoreConflictException("A verification token with this hash exists.");
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SesameVerificationToken?> UseVerificationTokenAsync(string? identifier, string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_tokensByHash.TryGetValue(tokenHash, out var token) || (identifier is not null && token.Identifier != identifier))
            {
                return Task.FromResult<SesameVerificationToken?>(null);
            }

            _tokensByHash.Remove(tokenHash);
            return Task.FromResult<SesameVerificationToken?>(token);
        }
    }

    // Only the columns a database store has survive, so that tests written against this store hold for the others.
    private static SesameUser Normalize(SesameUser user, string id) => new()
    {
        Id = id,
        Name = user.Name,
        Email = user.Email,
        EmailVerified = user.EmailVerified?.ToUniversalTime(),
        Image = user.Image,
    };

    private SesameUser? FindByEmail(string email) => _users.Values.FirstOrDefault(u => u.Email == email);

    private void ThrowIfEmailTaken(SesameUser user)
    {
        if (user.Email is not null && FindByEmail(user.Email) is { } owner && owner.Id != user.Id)
        {
            throw new SesameStoreConflictException("A user with this e-mail address exists.");
        }
    }

    private void ThrowIfNoUser(string userId)
    {
        if (!_users.ContainsKey(userId))
        {
            throw new SesameStoreConflictException("The user does not exist.");
        }
    }

    private int RemoveSessions(Func<SesameSession, bool> match)
    {
        var keys = _sessionsByKey.Values.Where(match).Select(s => s.SessionKey).ToList();
        foreach (var key in keys)
        {
            _sessionsByKey.Remove(key);
        }

        return keys.Count;
    }
}
