using Sesame.Stores;

namespace Sesame.StackExchangeRedis.Stores;

/// <summary>
/// Another store's users (EF Core's, in SQL) in front of Redis sessions: deleting a user there also deletes the user's
/// sessions here, which the other store cannot reach. The two writes are not one transaction; the user goes first, so
/// a session that survives a failure in between belongs to no user and is refused when read
/// (<see cref="RedisSessionStore"/> returns no session for a missing user) until its TTL removes it.
/// </summary>
internal sealed class SessionRevokingUserStore(IUserStore inner, ISessionStore sessions) : IUserStore
{
    public Task<SesameUser> CreateUserAsync(SesameUser user, CancellationToken cancellationToken) => inner.CreateUserAsync(user, cancellationToken);

    public Task<SesameUser?> GetUserAsync(string id, CancellationToken cancellationToken) => inner.GetUserAsync(id, cancellationToken);

    public Task<SesameUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken) => inner.GetUserByEmailAsync(email, cancellationToken);

    public Task<SesameUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken) =>
        inner.GetUserByAccountAsync(provider, providerAccountId, cancellationToken);

    public Task<bool> UpdateUserAsync(SesameUser user, CancellationToken cancellationToken) => inner.UpdateUserAsync(user, cancellationToken);

    public async Task<bool> DeleteUserAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteUserAsync(id, cancellationToken).ConfigureAwait(false);
        await sessions.DeleteUserSessionsAsync(id, cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
