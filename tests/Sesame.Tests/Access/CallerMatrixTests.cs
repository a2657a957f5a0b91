using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Access;

/// <summary>
/// Each kind of caller (browser page, JSON API, bearer token) × each kind of user (none, wrong role, right role), against
/// an <c>[Authorize(Roles = "admin")]</c> endpoint and against the route protection with a role check.
/// </summary>
public sealed class CallerMatrixTests
{
    private const string Origin = TestApp.Origin;

    public static TheoryData<Caller, Who> Cases()
    {
        var data = new TheoryData<Caller, Who>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(caller, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AuthorizeRoles_EachCallerAndUser_AnswersPerKindOfCaller(Caller caller, Who who)
    {
        await using var app = await StartAsync(map: app =>
        {
            app.MapGet("/reports", [Authorize(Roles = "admin")] (HttpContext http) => "reports of " + http.User.Identity!.Name);
        });

        using var response = await AccessTestApp.SendAsync(app, who, caller, "/reports?year=2026");

        await AssertAnswerAsync(response, caller, who, redirectStatus: HttpStatusCode.Found, "/reports?year=2026", "reports of Admin");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RouteProtection_EachCallerAndUser_AnswersPerKindOfCaller(Caller caller, Who who)
    {
        await using var app = await StartAsync(map: app =>
        {
            app.UseSesameRouteProtection(o =>
            {
                o.Matcher = ["/admin/:path*"];
                o.Authorized = context => context.User.IsInRole("admin");
            });
            app.MapGet("/admin/reports", (HttpContext http) => "admin reports of " + http.User.Identity!.Name);
        });

        using var response = await AccessTestApp.SendAsync(app, who, caller, "/admin/reports?year=2026");

        // next-auth's middleware redirects with 307.
        await AssertAnswerAsync(response, caller, who, redirectStatus: HttpStatusCode.TemporaryRedirect, "/admin/reports?year=2026", "admin reports of Admin");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RequireRolePolicy_EachCallerAndUser_AnswersPerKindOfCaller(Caller caller, Who who)
    {
        await using var app = await StartAsync(map: app =>
        {
            app.MapGet("/api/reports", (HttpContext http) => "api reports of " + http.User.Identity!.Name)
                .RequireAuthorization(policy => policy.RequireRole("admin"));
        });

        using var response = await AccessTestApp.SendAsync(app, who, caller, "/api/reports");

        // Under the /api prefix every caller is an API caller, browsers included.
        await AssertAnswerAsync(response, Caller.Api, who, HttpStatusCode.Found, "/api/reports", "api reports of Admin");
    }

    private static Task<TestApp> StartAsync(Action<WebApplication> map) =>
        TestApp.StartAsync(options =>
        {
            AccessTestApp.WithRoles(options);
            options.AcceptBearerTokens = true;
        }, map: map);

    private static async Task AssertAnswerAsync(HttpResponseMessage response, Caller caller, Who who, HttpStatusCode redirectStatus, string asked, string allowedBody)
    {
        var body = await response.Content.ReadAsStringAsync();
        switch (who, caller)
        {
            case (Who.RightRole, _):
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(allowedBody, body);
                break;
            case (Who.Nobody, Caller.Page):
                Assert.Equal(redirectStatus, response.StatusCode);
                Assert.Equal($"{Origin}/api/auth/signin?callbackUrl={Uri.EscapeDataString(asked)}", response.Headers.Location!.OriginalString);
                break;
            case (Who.WrongRole, Caller.Page):
                Assert.Equal(redirectStatus, response.StatusCode);
                Assert.Equal($"{Origin}/api/auth/error?error=AccessDenied", response.Headers.Location!.OriginalString);
                break;
            case (Who.Nobody, _):
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("""{"error":"Unauthorized"}""", body);
                Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
                break;
            default:
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("""{"error":"Forbidden"}""", body);
                break;
        }
    }
}
