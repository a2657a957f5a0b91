using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Access;
using Sesame.Logging;
using Sesame.Sessions.Pipeline;

namespace Sesame.Authorization;

/// <summary>Evaluates <see cref="FreshUserRequirement"/> with the request's <see cref="UserValidator"/>.</summary>
internal sealed class FreshUserAuthorizationHandler(UserValidator validator, ILogger<FreshUserAuthorizationHandler> logger)
    : AuthorizationHandler<FreshUserRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, FreshUserRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        // Endpoint routing (minimal APIs, controllers, Razor Pages) passes the HttpContext as the resource.
        if (context.Resource is not HttpContext httpContext)
        {
            Log.FreshUserWithoutHttpContext(logger);
            context.Fail();
            return;
        }

        if (await validator.ValidateAsync(httpContext).ConfigureAwait(false))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "The session's user no longer exists or is inactive."));
        }
    }
}
