using Sesame.Access;
using Sesame.Authorization;

namespace Microsoft.AspNetCore.Authorization;

/// <summary>Sesame's authorization requirements.</summary>
public static class SesameAuthorizationPolicyBuilderExtensions
{
    /// <summary>
    /// Requires that <c>SesameOptions.Access.ValidateUser</c> confirms the session's user still exists and is active (the
    /// seed's "validate on critical operations"). A user who fails gets 401 (API) or the sign-in page, and a log line.
    /// </summary>
    public static AuthorizationPolicyBuilder RequireFreshUser(this AuthorizationPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthenticatedUser().AddRequirements(new FreshUserRequirement());
    }

    /// <summary>
    /// Requires that the session's user authenticated (signed in) at most <paramref name="maxAge"/> ago, for sensitive
    /// actions (changing a password, revoking other devices): a session that is older, or whose sign-in time is unknown,
    /// is asked to authenticate again. An API caller gets <c>401</c> with an RFC 9470 step-up challenge
    /// (<c>WWW-Authenticate: Bearer error="insufficient_user_authentication", max_age="…"</c>); a page request is
    /// redirected to the sign-in page with the page as its callback URL. Signing in again makes a new, fresh session.
    /// </summary>
    /// <param name="builder">The policy being built.</param>
    /// <param name="maxAge">How old the last authentication may be; positive.</param>
    public static AuthorizationPolicyBuilder RequireFreshSession(this AuthorizationPolicyBuilder builder, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        return builder.RequireAuthenticatedUser().AddRequirements(new FreshSessionRequirement(maxAge));
    }
}
