using Sesame.Stores;

namespace Sesame.Sessions;

/// <summary>A user's sessions as rows of the session store (the database strategy).</summary>
internal sealed class StoreSessionDirectory(ISessionStore store, SesameSettings settings, TimeProvider timeProvider) : ISessionDirectory
{
    // Each read of a database session builds it from the user's row, so a change the app made to the row is seen by
    // the next request already: nothing to record, only the sessions to count.
    public async Task<int> UpdateAsync(string userId, System.Text.Json.JsonElement data, CancellationToken cancellationToken) =>
        (await store.ListUserSessionsAsync(userId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false)).Count;

    public Task<IReadOnlyList<SesameSession>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.ListUserSessionsAsync(userId, now, cancellationToken);

    public Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        store.DeleteUserSessionAsync(userId, sessionId, cancellationToken);

    public async Task<bool> RevokeByTokenAsync(string sessionToken, CancellationToken cancellationToken) =>
        await store.DeleteSessionAsync(SessionTokens.KeyOf(sessionToken, settings.HashSessionTokens), cancellationToken).ConfigureAwait(false) is not null;

    public Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken) =>
        store.DeleteUserSessionsAsync(userId, cancellationToken);

    public Task<int> RevokeOthersAsync(string userId, string keepSessionId, CancellationToken cancellationToken) =>
        store.DeleteOtherUserSessionsAsync(userId, keepSessionId, cancellationToken);
}
