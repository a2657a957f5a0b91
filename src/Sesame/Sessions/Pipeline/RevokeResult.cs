using Sesame.Jwt;

namespace Sesame.Sessions.Pipeline;

/// <summary>The outcome of <see cref="ISessionStrategy.RevokeAsync"/>.</summary>
/// <param name="Ended">False when the session may still work (the store failed): sign-out must not report success.</param>
/// <param name="UserId">Whose session it was, when known (for the <c>signOut</c> event).</param>
/// <param name="Token">The session's token, for the JWT strategy's <c>signOut</c> event.</param>
internal readonly record struct RevokeResult(bool Ended, string? UserId, JwtClaims? Token = null);
