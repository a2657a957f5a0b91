using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// A request's resolved session and what is derived from it, so that the session is resolved (and the token decoded) at
/// most once per request however often the app, the authentication handler and the route protection ask.
/// </summary>
internal sealed class SessionFeature(Task<SessionReadResult> result)
{
    public Task<SessionReadResult> Result { get; } = result;

    /// <summary><c>GetSessionAsync()</c>'s task, once asked for, so repeated calls allocate nothing.</summary>
    public Task<Session?>? SessionTask { get; set; }

    /// <summary>The user built from the session, once built; <see langword="null"/> until then or when there is no session.</summary>
    public ClaimsPrincipal? Principal { get; set; }

    /// <summary>The authentication handler's result, once asked for.</summary>
    public Task<AuthenticateResult>? Authentication { get; set; }

    /// <summary>The re-validation of the user (<c>RequireFreshUser</c>), once run.</summary>
    public Task<bool>? UserValidation { get; set; }

    /// <summary>
    /// Set when re-validation found the user gone or inactive: the session no longer stands for a user, so a "forbid"
    /// answers as a challenge (401 or sign-in), not 403.
    /// </summary>
    public bool UserRejected { get; set; }

    /// <summary>
    /// Set when a freshness requirement (<c>RequireFreshSession</c>) found the session's last authentication older than
    /// this: a "forbid" then asks the user to authenticate again (a step-up challenge, or the sign-in page).
    /// </summary>
    public TimeSpan? ReauthenticateWithin { get; set; }
}
