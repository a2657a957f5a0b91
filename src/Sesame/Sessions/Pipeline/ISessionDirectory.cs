using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>A user's sessions, listed and revoked where the strategy keeps them (rows of a session store).</summary>
internal interface ISessionDirectory
{
    Task<IReadOnlyList<SesameSession>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken);

    Task<bool> RevokeByTokenAsync(string sessionToken, CancellationToken cancellationToken);

    Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken);

    Task<int> RevokeOthersAsync(string userId, string keepSessionId, CancellationToken cancellationToken);

    /// <summary>A server-side change of the user's session data (see <see cref="SesameSessionManager.UpdateSessionsAsync"/>); how many sessions will see it.</summary>
    Task<int> UpdateAsync(string userId, System.Text.Json.JsonElement data, CancellationToken cancellationToken);
}
