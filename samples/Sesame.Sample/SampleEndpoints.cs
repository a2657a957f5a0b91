using System.Net;
using System.Security.Claims;
using Sesame.Sessions;

namespace Sesame.Sample;

/// <summary>The sample's minimal-API pages and APIs: the seed's examples of reading the session on the server.</summary>
internal static class SampleEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", async (HttpContext http) =>
        {
            var session = await http.GetSessionAsync();
            var who = session is null
                ? "<p>You are not signed in. <a href=\"/api/auth/signin?callbackUrl=%2Fdashboard\">Sign in</a></p>"
                : $"<p>Signed in as {Encode(session.User.Email)}. <a href=\"/dashboard\">Dashboard</a> · <a href=\"/account\">Account</a> · " +
                  "<a href=\"/admin\">Admin area</a> · <a href=\"/api/auth/signout\">Sign out</a></p>";
            return Results.Content(Page("Sesame sample", "<h1>Sesame sample</h1>" + who), "text/html; charset=utf-8");
        });

        // The seed's server component: a protected page. Without a session the scheme redirects to the sign-in page
        // with callbackUrl=/dashboard; with one, the page reads it (resolved once for the request, shared with [Authorize]).
        app.MapGet("/dashboard", async (HttpContext http) =>
        {
            var session = (await http.GetSessionAsync())!;
            var body = $"<h1>Welcome, {Encode(session.User.Name)}</h1><p>Email: {Encode(session.User.Email)}</p>" +
                       $"<p>Role: {Encode(session.User.GetString("role") ?? "user")}</p><p>Session expires {Encode(session.Expires.ToString("u"))}</p>" +
                       "<p><a href=\"/api/auth/signout\">Sign out</a></p>";
            return Results.Content(Page("Dashboard", body), "text/html; charset=utf-8");
        }).RequireAuthorization();

        // The seed's API route: 401 {"error":"Unauthorized"} without a session (the scheme's API challenge), the session JSON with one.
        // (An explicit IResult return type: an expression-bodied async lambda taking only HttpContext would bind to
        // MapGet's RequestDelegate overload, which discards the result.)
        app.MapGet("/api/me", async Task<IResult> (HttpContext http) => Results.Json(await http.GetSessionAsync()))
            .RequireAuthorization();

        // The seed's role check as a policy: 401 without a session, 403 {"error":"Forbidden"} for a non-admin, 200 for an admin.
        app.MapGet("/api/admin", async Task<IResult> (HttpContext http) =>
            Results.Json(new { admin = true, user = (await http.GetSessionAsync())!.User }))
            .RequireAuthorization(policy => policy.RequireRole("admin"));

        // The seed's best practice 3: a sensitive action re-checks that the user still exists and is active.
        app.MapDelete("/api/account", (ClaimsPrincipal user) =>
            Results.Json(new { deleted = false, id = user.FindFirstValue(ClaimTypes.NameIdentifier), note = "The sample never deletes its demo users." }))
            .RequireAuthorization(SesameDefaults.FreshUserPolicy);

        // The admin area: protected by UseSesameRouteProtection (matcher /admin/:path*, admin role), not by the endpoints.
        app.MapGet("/admin", (ClaimsPrincipal user) =>
            Results.Content(Page("Admin", $"<h1>Admin area</h1><p>Hello {Encode(user.Identity?.Name)}.</p><p><a href=\"/admin/users\">Users</a></p>"), "text/html; charset=utf-8"));
        app.MapGet("/admin/users", (DemoUsers users) =>
            Results.Content(Page("Users", "<h1>Users</h1><ul>" + string.Concat(users.All.Select(u => $"<li>{Encode(u.Name)} ({Encode(users.RoleOf(u.Id) ?? "user")})</li>")) + "</ul>"), "text/html; charset=utf-8"));
    }

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title></head><body>{body}</body></html>";
}
