using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Access;
using Sesame.Logging;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Sesame.Authorization;

/// <summary>
/// Evaluates <see cref="FreshSessionRequirement"/> from the request's resolved session (no second read). A session too
/// old, or whose authentication time is unknown, fails and is marked so that the forbid answers with a re-authentication
/// challenge rather than 403.
/// </summary>
internal sealed class FreshSessionAuthorizationHandler(SessionResolver resolver, TimeProvider timeProvider, ILogger<FreshSessionAuthorizationHandler> logger)
    : AuthorizationHandler<FreshSessionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, FreshSessionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (context.Resource is not HttpContext httpContext)
        {
            Log.FreshUserWithoutHttpContext(logger);
            context.Fail();
            return;
        }

        var feature = resolver.Resolve(httpContext);
        var result = await feature.Result.ConfigureAwait(false);
        // a future auth_time is no more trustworthy than none: only a time in the past window counts
        var now = timeProvider.GetUtcNow();
        if (result.AuthenticatedAt is { } authenticatedAt && authenticatedAt <= now && now - authenticatedAt <= requirement.MaxAge)
        {
            context.Succeed(requirement);
            return;
        }

        Log.SessionNotFresh(logger, (long)requirement.MaxAge.TotalSeconds);
        // the strictest requirement of the request decides the hint
        feature.ReauthenticateWithin = feature.ReauthenticateWithin is { } other && other < requirement.MaxAge ? other : requirement.MaxAge;
        context.Fail(new AuthorizationFailureReason(this, "The session's last authentication is too old for this action."));
    }
}
