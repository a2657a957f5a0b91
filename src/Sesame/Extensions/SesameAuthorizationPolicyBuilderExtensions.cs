using Sesame.Access;

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
}
