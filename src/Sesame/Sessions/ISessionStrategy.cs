using Microsoft.AspNetCore.Http;
using Sesame.Stores;

namespace Sesame.Sessions;

/// <summary>
/// Where sessions live: chosen once at start-up (JWT cookie or database row), so that no request asks
/// "which strategy?" again. Every provider's sign-in ends in <see cref="IssueAsync"/>.
/// </summary>
internal interface ISessionStrategy
{
    /// <summary>
    /// Resolves the request's session, runs the <c>jwt</c>/<c>session</c> callbacks, and, when <paramref name="read"/>
    /// allows, writes the refreshed cookie (only when due) or clears an invalid one. Never throws for bad input.
    /// </summary>
    ValueTask<SessionReadResult> ReadAsync(HttpContext httpContext, SessionRead read, CancellationToken cancellationToken);

    /// <summary>Creates the session of a user who just signed in and writes its cookie. False when the <c>jwt</c> callback ended it.</summary>
    Task<bool> IssueAsync(HttpContext httpContext, SesameUser user, SesameAccount account, bool? isNewUser, CancellationToken cancellationToken);

    /// <summary>Ends the request's session (if any) and clears its cookies; fires the <c>signOut</c> event.</summary>
    Task SignOutAsync(HttpContext httpContext, CancellationToken cancellationToken);
}
