using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Access;
using Sesame.Logging;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Sesame.Authorization;

/// <summary>
/// next-auth's <c>withAuth</c>: requests to matched paths go on only when <c>authorized</c> says so. Requests outside the
/// matcher go straight on without reading the session.
/// </summary>
internal sealed class RouteProtectionMiddleware(
    RequestDelegate next,
    PathMatcher matcher,
    Func<RouteAuthorizationContext, bool>? authorized,
    Func<RouteAuthorizationContext, Task<bool>>? authorizedAsync,
    SessionResolver resolver,
    AccessResponses responses,
    ILogger<RouteProtectionMiddleware> logger)
{
    public Task InvokeAsync(HttpContext httpContext) =>
        matcher.IsMatch(httpContext.Request.Path.Value) ? ProtectAsync(httpContext) : next(httpContext);

    private async Task ProtectAsync(HttpContext httpContext)
    {
        var feature = resolver.Resolve(httpContext);
        var result = await feature.Result.ConfigureAwait(false);
        bool allowed;
        if (authorized is null && authorizedAsync is null)
        {
            allowed = result.Session is not null;
        }
        else
        {
            var user = resolver.PrincipalOf(feature, result) ?? new ClaimsPrincipal(new ClaimsIdentity());
            var context = new RouteAuthorizationContext(httpContext, result.Session, result.Token, user);
            allowed = authorized?.Invoke(context) ?? await authorizedAsync!(context).ConfigureAwait(false);
        }

        if (allowed)
        {
            await next(httpContext).ConfigureAwait(false);
            return;
        }

        // next-auth's middleware redirects with 307; unlike it, a signed-in user who is refused is forbidden rather than
        // sent back to the sign-in page they just came from.
        if (result.Session is null)
        {
            Log.RouteRefused(logger, "no session");
            await responses.ChallengeAsync(httpContext, null, StatusCodes.Status307TemporaryRedirect).ConfigureAwait(false);
        }
        else
        {
            Log.RouteRefused(logger, "not authorized");
            await responses.ForbidAsync(httpContext, StatusCodes.Status307TemporaryRedirect).ConfigureAwait(false);
        }
    }
}
