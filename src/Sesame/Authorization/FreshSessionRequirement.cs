using Microsoft.AspNetCore.Authorization;
using Sesame.Access;

namespace Sesame.Authorization;

/// <summary>
/// An authorization requirement: the session's last real authentication (its <c>auth_time</c>) is at most
/// <see cref="MaxAge"/> old, for actions that should not be done with a session that could have been stolen long ago.
/// </summary>
internal sealed class FreshSessionRequirement(TimeSpan maxAge) : IAuthorizationRequirement
{
    public TimeSpan MaxAge { get; } = maxAge;
}
