namespace Sesame.Access;

/// <summary>How server-side access to the session behaves: who counts as an API caller, where roles come from, and how a user is re-validated.</summary>
public sealed class SesameAccessOptions
{
    /// <summary>
    /// Path prefixes (matched on whole segments, ignoring case) whose requests are API calls: an unauthenticated one gets
    /// <c>401 {"error":"Unauthorized"}</c> instead of a redirect to the sign-in page. Requests that ask for JSON, come from
    /// <c>fetch</c>/<c>XMLHttpRequest</c> or carry an <c>Authorization</c> header are API calls wherever they go.
    /// </summary>
    /// <value><c>/api</c>.</value>
    public IList<string> ApiPathPrefixes { get; } = ["/api"];

    /// <summary>
    /// The session user field (e.g. <c>user.role</c>, set by the <c>session</c> callback) whose value, a string or an array
    /// of strings, becomes role claims, so that <c>[Authorize(Roles = "admin")]</c> and <c>RequireRole</c> work. When the
    /// session has no such field, the token's claim of the same name (JWT) or the user's property (database) is used.
    /// </summary>
    /// <value><c>role</c>.</value>
    public string RoleField { get; set; } = "role";

    /// <summary>
    /// Re-checks, before a sensitive action, that the session's user still exists and is active (the seed's "validate on
    /// critical operations"): look the user up and return <see langword="false"/> when they are gone or disabled. Used by
    /// <see cref="SesameDefaults.FreshUserPolicy"/>, <c>RequireFreshUser()</c> and <c>HttpContext.ValidateUserAsync()</c>;
    /// runs at most once per request.
    /// </summary>
    /// <value>None: using the policy without it is a configuration error reported on first use.</value>
    public Func<UserValidationContext, Task<bool>>? ValidateUser { get; set; }

    /// <summary>
    /// Runs <see cref="ValidateUser"/> on every session read, not only before sensitive actions: a session whose user is
    /// gone or deactivated reads as no session everywhere (<c>[Authorize]</c>, <c>GetSessionAsync()</c>,
    /// <c>GET /session</c>), its cookie is cleared and, in the database strategy, its row deleted. The answer is kept per
    /// user for <see cref="ValidatedUserCacheDuration"/>, so the lookup runs about once per user per that time.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool ValidateUserOnEveryRead { get; set; }

    /// <summary>
    /// How long a <see cref="ValidateUserOnEveryRead"/> answer is reused for the same user on one instance: the longest a
    /// deactivated user's session goes on working. <see cref="TimeSpan.Zero"/> asks on every read.
    /// </summary>
    /// <value>30 seconds.</value>
    public TimeSpan ValidatedUserCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
