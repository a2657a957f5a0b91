using Sesame.Diagnostics;
using Sesame.Sessions.Caching;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>A user's sessions as rows of the session store (the database strategy).</summary>
internal sealed class StoreSessionDirectory(ISessionStore store, SesameSettings settings, TimeProvider timeProvider, DatabaseSessionCache cache, SesameMetrics metrics) : ISessionDirectory
{
    // Each read of a database session builds it from the user's row, so a change the app made to the row is seen by
    // the next request already: nothing to record, only cached reads to forget and the sessions to count.
    public async Task<int> UpdateAsync(string userId, System.Text.Json.JsonElement data, CancellationToken cancellationToken)
    {
        await cache.ChangedAsync(userId, cancellationToken).ConfigureAwait(false);
        return (await store.ListUserSessionsAsync(userId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false)).Count;
    }

    public Task<IReadOnlyList<SesameSession>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.ListUserSessionsAsync(userId, now, cancellationToken);

    public async Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        await ChangedAsync(userId, await metrics.StoreCallAsync("session.delete_user_session", () => store.DeleteUserSessionAsync(userId, sessionId, cancellationToken)).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<bool> RevokeByTokenAsync(string sessionToken, CancellationToken cancellationToken)
    {
        var deleted = await metrics.StoreCallAsync("session.delete", () => store.DeleteSessionAsync(SessionTokens.KeyOf(sessionToken, settings.HashSessionTokens), cancellationToken)).ConfigureAwait(false);
        return deleted is not null && await ChangedAsync(deleted.UserId, true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken) =>
        await ChangedAsync(userId, await metrics.StoreCallAsync("session.delete_user_sessions", () => store.DeleteUserSessionsAsync(userId, cancellationToken)).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<int> RevokeOthersAsync(string userId, string keepSessionId, CancellationToken cancellationToken) =>
        await ChangedAsync(userId, await metrics.StoreCallAsync("session.delete_other_user_sessions", () => store.DeleteOtherUserSessionsAsync(userId, keepSessionId, cancellationToken)).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Forgets the user's cached reads (here and on every instance) after a revocation; passes its result on.</summary>
    private async Task<T> ChangedAsync<T>(string userId, T result, CancellationToken cancellationToken)
    {
        await cache.ChangedAsync(userId, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
