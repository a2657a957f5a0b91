using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sesame;
using Sesame.Endpoints;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Sesame's <c>/api/auth</c> endpoints.</summary>
public static class SesameEndpointRouteBuilderExtensions
{
    // Each action and the methods next-auth serves it with; any other path or method falls through to the group's
    // catch-all, which answers exactly as next-auth does (400 text for an unsupported action/method pair).
    private static readonly (string Action, string Pattern, string[] Methods)[] Routes =
    [
        ("csrf", "csrf", [HttpMethods.Get]),
        ("providers", "providers", [HttpMethods.Get]),
        ("session", "session", [HttpMethods.Get, HttpMethods.Post]),
        ("signin", "signin", [HttpMethods.Get, HttpMethods.Post]),
        ("signin", "signin/{provider}", [HttpMethods.Get, HttpMethods.Post]),
        ("callback", "callback/{provider}", [HttpMethods.Get, HttpMethods.Post]),
        ("signout", "signout", [HttpMethods.Get, HttpMethods.Post]),
        ("error", "error", [HttpMethods.Get]),
        ("error", "error/{code}", [HttpMethods.Get]),
        ("verify-request", "verify-request", [HttpMethods.Get]),
        ("_log", "_log", [HttpMethods.Post]),
    ];

    /// <summary>
    /// Maps the next-auth endpoints (<c>csrf</c>, <c>providers</c>, <c>session</c>, <c>signin</c>, <c>callback</c>,
    /// <c>signout</c>, <c>error</c>, <c>verify-request</c>, <c>_log</c>), one endpoint per action in one group under the
    /// configured base path.
    /// </summary>
    /// <returns>
    /// A builder whose conventions apply to every endpoint, with one property per action for conventions of that action
    /// alone: <c>app.MapSesame().Callback.RequireRateLimiting("sign-in")</c>.
    /// </returns>
    public static SesameEndpointsBuilder MapSesame(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var settings = endpoints.ServiceProvider.GetRequiredService<SesameSettings>();
        var endpoint = endpoints.ServiceProvider.GetRequiredService<AuthEndpoint>();
        var group = endpoints.MapGroup(settings.BasePath);
        group.AllowAnonymous();

        var actions = new Dictionary<string, List<IEndpointConventionBuilder>>(StringComparer.Ordinal);
        foreach (var (action, pattern, methods) in Routes)
        {
            var route = group.MapMethods(pattern, methods, endpoint.HandleAsync).WithDisplayName($"Sesame {pattern}").WithName($"Sesame.{pattern}");
            if (!actions.TryGetValue(action, out var routes))
            {
                actions[action] = routes = [];
            }

            routes.Add(route);
        }

        group.Map("{**" + AuthEndpoint.RestRouteValue + "}", endpoint.HandleAsync).WithDisplayName("Sesame (unsupported actions)");

        // The second factor's page lives where the app wants it (the seed's /auth/verify-mfa), not necessarily under the base path.
        if (endpoints.ServiceProvider.GetRequiredService<IServiceProviderIsService>().IsService(typeof(Sesame.Mfa.TotpVerificationEndpoint)))
        {
            // validated first, so that a missing store is reported as the configuration error it is
            _ = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Sesame.Mfa.SesameTotpOptions>>().Value;
            var verification = endpoints.ServiceProvider.GetRequiredService<Sesame.Mfa.TotpVerificationEndpoint>();
            var factor = endpoints.ServiceProvider.GetRequiredService<Sesame.Mfa.TotpSecondFactor>();
            endpoints.MapMethods(factor.VerificationPath, [HttpMethods.Get, HttpMethods.Post], verification.HandleAsync)
                .AllowAnonymous().WithDisplayName("Sesame verify-mfa").WithName("Sesame.verify-mfa");
        }
        return new SesameEndpointsBuilder(group, actions.ToDictionary(pair => pair.Key, pair => (IEndpointConventionBuilder)new ActionConventionBuilder(pair.Value), StringComparer.Ordinal));
    }
}
