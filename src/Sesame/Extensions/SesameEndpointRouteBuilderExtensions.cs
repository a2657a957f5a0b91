using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sesame;
using Sesame.Endpoints;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Sesame's <c>/api/auth</c> endpoints.</summary>
public static class SesameEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the next-auth endpoints (<c>csrf</c>, <c>providers</c>, <c>session</c>, <c>signin</c>, <c>callback</c>,
    /// <c>signout</c>, <c>error</c>, <c>verify-request</c>, <c>_log</c>) under the configured base path.
    /// </summary>
    /// <returns>A builder to add conventions (rate limiting, CORS, …) to the endpoints.</returns>
    public static IEndpointConventionBuilder MapSesame(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<SesameSettings>();
        var endpoint = endpoints.ServiceProvider.GetRequiredService<AuthEndpoint>();
        return endpoints.Map(settings.BasePath + "/{**" + AuthEndpoint.RestRouteValue + "}", endpoint.HandleAsync)
            .WithDisplayName("Sesame /api/auth")
            .AllowAnonymous();
    }
}
