using Sesame.Sessions.Revocation;
using Sesame.Jwt;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>A user's revocable JWT sessions, listed and revoked in the revocation store (for <see cref="SesameSessionManager"/>).</summary>
internal sealed class RevocableJwtSessionDirectory(JwtSessionRevocation revocation, CachingJwtCodec codec, SesameSettings settings) : ISessionDirectory
{
    public Task<IReadOnlyList<SesameSession>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        revocation.ListSessionsAsync(userId, now, cancellationToken);

    public Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        revocation.RevokeSessionAsync(userId, sessionId, cancellationToken);

    public async Task<bool> RevokeByTokenAsync(string sessionToken, CancellationToken cancellationToken)
    {
        // the cookie value is the encrypted token: only a token this app issued names a session
        var token = codec.Decode(sessionToken, settings.SessionTokenSalt);
        return token is not null && SessionClaims.SessionIdOf(token) is { } sessionId && token.Subject is { } userId &&
               await revocation.RevokeSessionAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);
    }

    public Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken) =>
        revocation.RevokeSessionsAsync(userId, null, cancellationToken);

    public Task<int> UpdateAsync(string userId, System.Text.Json.JsonElement data, CancellationToken cancellationToken) =>
        revocation.AddUpdateAsync(userId, data, cancellationToken);

    public Task<int> RevokeOthersAsync(string userId, string keepSessionId, CancellationToken cancellationToken) =>
        revocation.RevokeSessionsAsync(userId, keepSessionId, cancellationToken);
}
