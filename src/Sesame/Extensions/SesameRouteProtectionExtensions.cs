using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame;
using Sesame.Access;
using Sesame.Authorization;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds Sesame's route protection (next-auth's <c>withAuth</c> middleware) to the pipeline.</summary>
public static class SesameRouteProtectionExtensions
{
    /// <summary>
    /// Protects the paths of <see cref="SesameRouteProtectionOptions.Matcher"/>: a request there goes on only when
    /// <see cref="SesameRouteProtectionOptions.Authorized"/> allows it (by default: when it has a session). Others are
    /// challenged or forbidden per kind of caller. Requests outside the matcher cost a path comparison and nothing else.
    /// The patterns are compiled here; an unsupported one throws at start-up.
    /// </summary>
    /// <example><code>app.UseSesameRouteProtection(o => { o.Matcher = ["/dashboard/:path*", "/admin/:path*"]; o.Authorized = ctx => ctx.User.IsInRole("admin"); });</code></example>
    public static IApplicationBuilder UseSesameRouteProtection(this IApplicationBuilder app, Action<SesameRouteProtectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SesameRouteProtectionOptions();
        configure(options);
        if (options.Authorized is not null && options.AuthorizedAsync is not null)
        {
            throw new InvalidOperationException("SesameRouteProtectionOptions: set Authorized or AuthorizedAsync, not both.");
        }

        var services = app.ApplicationServices;
        var settings = services.GetService<SesameSettings>() ?? throw new InvalidOperationException(
            "UseSesameRouteProtection needs Sesame's services: call builder.Services.AddSesame(…) first.");
        var excluded = new List<string> { settings.BasePath };
        foreach (var page in new[] { settings.Pages.SignIn, settings.Pages.Error })
        {
            if (page is not null && page.StartsWith('/'))
            {
                excluded.Add(page.Split('?', '#')[0]);
            }
        }

        var matcher = new PathMatcher([.. options.Matcher], options.CaseSensitive, excluded);
        var resolver = services.GetRequiredService<SessionResolver>();
        var responses = services.GetRequiredService<AccessResponses>();
        var logger = services.GetRequiredService<ILogger<RouteProtectionMiddleware>>();
        var authorized = options.Authorized;
        var authorizedAsync = options.AuthorizedAsync;
        return app.Use(next => new RouteProtectionMiddleware(next, matcher, authorized, authorizedAsync, resolver, responses, logger).InvokeAsync);
    }
}
