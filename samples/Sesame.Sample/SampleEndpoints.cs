using System.Net;
using Sesame.Sessions;

namespace Sesame.Sample;

/// <summary>The sample's own pages and APIs: the seed's examples of reading the session on the server.</summary>
internal static class SampleEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", async (HttpContext http) =>
        {
            var session = await http.GetSessionAsync();
            var who = session is null
                ? "<p>You are not signed in. <a href=\"/api/auth/signin?callbackUrl=%2Fdashboard\">Sign in</a></p>"
                : $"<p>Signed in as {Encode(session.User.Email)}. <a href=\"/dashboard\">Dashboard</a> · <a href=\"/api/auth/signout\">Sign out</a></p>";
            return Results.Content(Page("Sesame sample", "<h1>Sesame sample</h1>" + who), "text/html; charset=utf-8");
        });

        // The seed's server component: a page that shows the signed-in user.
        app.MapGet("/dashboard", async (HttpContext http) =>
        {
            var session = await http.GetSessionAsync();
            if (session is null)
            {
                return Results.Redirect("/api/auth/signin?callbackUrl=" + Uri.EscapeDataString("/dashboard"));
            }

            var body = $"<h1>Welcome, {Encode(session.User.Name)}</h1><p>Email: {Encode(session.User.Email)}</p>" +
                       $"<p>Role: {Encode(session.User.GetString("role") ?? "user")}</p><p>Session expires {Encode(session.Expires.ToString("u"))}</p>" +
                       "<p><a href=\"/api/auth/signout\">Sign out</a></p>";
            return Results.Content(Page("Dashboard", body), "text/html; charset=utf-8");
        });

        // The seed's API route: 401 without a session, the session JSON with one.
        app.MapGet("/api/me", async (HttpContext http) =>
        {
            var session = await http.GetSessionAsync();
            return session is null ? Unauthorized() : SessionJson(session);
        });

        // The seed's role check: 401 without a session, 403 for a non-admin, 200 for an admin.
        app.MapGet("/api/admin", async (HttpContext http) =>
        {
            var session = await http.GetSessionAsync();
            if (session is null)
            {
                return Unauthorized();
            }

            if (session.User.GetString("role") != "admin")
            {
                return Results.Json(new { error = "Forbidden" }, statusCode: StatusCodes.Status403Forbidden);
            }

            return Results.Json(new { admin = true, user = session.User });
        });
    }

    private static IResult Unauthorized() =>
        Results.Json(new { error = "Unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);

    private static IResult SessionJson(Session session) =>
        Results.Json(session);

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title></head><body>{body}</body></html>";
}
