using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Sesame.Docs.Snippets;

/// <summary>docs/accessing-sessions.md</summary>
public static class AccessingSessions
{
    public static void MinimalApis(WebApplication app)
    {
        #region access-minimal-api
        // getServerSession: resolved once per request, shared with [Authorize] and HttpContext.User.
        app.MapGet("/api/me", async (HttpContext http) =>
            await http.GetSessionAsync() is { } session ? Results.Json(session) : Results.Unauthorized());

        // Or let authorization answer: 401 JSON for API callers, a redirect to the sign-in page for pages.
        app.MapGet("/api/orders", (ClaimsPrincipal user) => Results.Json(new { owner = user.FindFirstValue(ClaimTypes.NameIdentifier) }))
            .RequireAuthorization();
        app.MapGet("/api/admin", () => Results.Json(new { admin = true }))
            .RequireAuthorization(policy => policy.RequireRole("admin"));   // roles from the session's user.role
        #endregion
    }

    #region access-typed-session
    // Your own session shape, deserialized from what the session callback produced.
    public sealed record AppSession(AppSessionUser User, DateTimeOffset Expires);

    public sealed record AppSessionUser(string? Id, string? Name, string? Email, string? Role);
    #endregion

    #region access-controller
    [ApiController]
    [Route("api/profile")]
    [Authorize]
    public sealed class ProfileController : ControllerBase
    {
        [HttpGet]
        public async Task<IActionResult> Get()
        {
            var session = await HttpContext.GetSessionAsync<AppSession>();
            return Ok(new { id = User.FindFirstValue(ClaimTypes.NameIdentifier), role = session?.User.Role });
        }

        [HttpGet("admin")]
        [Authorize(Roles = "admin")]
        public IActionResult Admin() => Ok(new { admin = true });
    }
    #endregion

    public static void Token(WebApplication app)
    {
        #region access-token
        // getToken({ req }): the decoded JWT (JWT strategy), from the cookie or, with AcceptBearerTokens, a bearer header.
        app.MapGet("/api/token-info", async (HttpContext http) =>
            await http.GetSessionTokenAsync() is { } token
                ? Results.Json(new { token.Subject, token.ExpiresAt, role = token.GetString("role") })
                : Results.Unauthorized());
        #endregion
    }

    public static void Middleware(WebApplication app)
    {
        #region access-route-protection
        // next-auth's withAuth middleware with config.matcher
        app.UseSesameRouteProtection(protection =>
        {
            protection.Matcher = ["/dashboard/:path*", "/admin/:path*"];
            protection.Authorized = context =>
                context.Token is not null &&
                (!context.HttpContext.Request.Path.StartsWithSegments("/admin") || context.User.IsInRole("admin"));
        });
        #endregion
    }

    public static void Blazor(WebApplicationBuilder builder)
    {
        #region access-blazor
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddSesame(options => { })
            .AddBlazorAuthenticationState(blazor => blazor.RevalidationInterval = TimeSpan.FromMinutes(1));
        // <AuthorizeView> and [Authorize] components now see the Sesame session; a revoked session signs the circuit out.
        #endregion
    }
}
