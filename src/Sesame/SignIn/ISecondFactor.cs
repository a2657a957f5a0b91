using Microsoft.AspNetCore.Http;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;

namespace Sesame.SignIn;

/// <summary>
/// A second factor the sign-in pipeline asks for after the first (TOTP): whether this user needs it, and how the pending
/// sign-in is carried to its verification page. The factor completes the sign-in through
/// <see cref="SignInPipeline.CompleteAsync"/>, so every session is still issued in one place.
/// </summary>
internal interface ISecondFactor
{
    /// <summary>Whether <paramref name="user"/> must pass the second factor before a session is issued.</summary>
    Task<bool> IsRequiredAsync(HttpContext httpContext, SesameUser user, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="grant"/> as a partial sign-in (nothing treats it as signed in) and returns the verification URL.</summary>
    string Begin(HttpContext httpContext, SessionGrant grant);
}
