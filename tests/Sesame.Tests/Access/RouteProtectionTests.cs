using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Access;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Access;

public sealed class RouteProtectionTests
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/settings/profile")]
    [InlineData("/%64ashboard")]
    [InlineData("/dashboard%2Fsettings")]
    [InlineData("/Dashboard")]
    [InlineData("/DASHBOARD/settings")]
    [InlineData("/dashboard//settings")]
    public async Task Protected_NoSession_RedirectsToSignIn(string path)
    {
        await using var app = await StartAsync(o => o.Matcher = ["/dashboard/:path*"]);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Page(path));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.StartsWith($"{TestApp.Origin}/api/auth/signin?callbackUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dashboards")]
    [InlineData("/dash")]
    [InlineData("/public/dashboard")]
    [InlineData("/")]
    public async Task Unprotected_NoSession_GoesThrough(string path)
    {
        await using var app = await StartAsync(o => o.Matcher = ["/dashboard/:path*"]);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Page(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("page", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CaseSensitive_DifferentCase_IsNotProtectedAsInNextJs()
    {
        await using var app = await StartAsync(o =>
        {
            o.Matcher = ["/dashboard/:path*"];
            o.CaseSensitive = true;
        });
        using var client = app.CreateClient();

        using var lower = await client.SendAsync(Page("/dashboard"));
        using var upper = await client.SendAsync(Page("/Dashboard"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, lower.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
    }

    [Fact]
    public async Task Protected_NoSession_CallbackUrlIsThePathAndQueryAsked()
    {
        await using var app = await StartAsync(o => o.Matcher = ["/dashboard/:path*"]);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Page("/dashboard/a b?x=1&y=%C3%A9"));

        Assert.Equal($"{TestApp.Origin}/api/auth/signin?callbackUrl=%2Fdashboard%2Fa%2520b%3Fx%3D1%26y%3D%25C3%25A9", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Protected_CustomSignInPage_RedirectsThereAndNeverProtectsIt()
    {
        await using var app = await StartAsync(o => o.Matcher = ["/:path*"], options => options.Pages.SignIn = "/login");
        using var client = app.CreateClient();

        using var protectedPage = await client.SendAsync(Page("/dashboard?tab=1"));
        using var login = await client.SendAsync(Page("/login"));

        Assert.Equal($"{TestApp.Origin}/login?callbackUrl=%2Fdashboard%3Ftab%3D1", protectedPage.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task CatchAllMatcher_AuthEndpoints_AreNeverIntercepted()
    {
        await using var app = await StartAsync(o => o.Matcher = ["/:path*"]);
        using var client = app.CreateClient();

        var session = await client.GetSessionAsync();
        using var signIn = await client.SendAsync(Page("/api/auth/signin"));
        using var signedIn = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal("{}", session!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("page", await client.GetStringAsync("/dashboard"));
    }

    [Fact]
    public async Task Protected_WithSession_DefaultAuthorizedLetsItThrough()
    {
        await using var app = await StartAsync(o => o.Matcher = ["/dashboard/:path*"]);
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        Assert.Equal("page", await client.GetStringAsync("/dashboard/x"));
    }

    [Fact]
    public async Task Authorized_SeesTheDecodedTokenSessionAndRequest()
    {
        RouteAuthorizationContext? seen = null;
        await using var app = await StartAsync(o =>
        {
            o.Matcher = ["/dashboard/:path*"];
            o.Authorized = context =>
            {
                seen = context;
                return context.Token?.Subject == "u1" && context.HttpContext.Request.Query["ok"] == "1";
            };
        });
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        using var allowed = await client.SendAsync(Page("/dashboard?ok=1"));
        using var refused = await client.SendAsync(Page("/dashboard?ok=0"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, refused.StatusCode);
        Assert.Equal($"{TestApp.Origin}/api/auth/error?error=AccessDenied", refused.Headers.Location!.OriginalString);
        Assert.Equal("alice@example.com", seen!.Session!.User.Email);
        Assert.Equal("Alice", seen.User.Identity!.Name);
    }

    [Fact]
    public async Task AuthorizedAsync_RefusesWithoutSession_Challenges()
    {
        await using var app = await StartAsync(o =>
        {
            o.Matcher = ["/dashboard/:path*"];
            o.AuthorizedAsync = async context =>
            {
                await Task.Yield();
                return context.Session is not null;
            };
        });
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Api("/dashboard"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unmatched_WithSessionCookie_TheMiddlewareDoesNotReadTheSession()
    {
        CountingJwtCodec codec = null!;
        // Another default scheme, so that nothing but the route protection could read the session.
        await using var app = await TestApp.StartAsync(
            options => { },
            extend: sesame =>
            {
                codec = AccessTestApp.CountDecodes(sesame);
                sesame.Services.AddAuthentication("Unused");
            },
            map: app =>
            {
                app.UseSesameRouteProtection(o => o.Matcher = ["/dashboard/:path*"]);
                app.MapGet("/public", (HttpContext http) => http.Features.Get<SessionFeature>() is null ? "untouched" : "read");
                app.MapGet("/dashboard", () => "page");
            });
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);
        codec.Reset();

        Assert.Equal("untouched", await client.GetStringAsync("/public"));
        Assert.Equal(0, codec.Decodes);
        Assert.Equal("page", await client.GetStringAsync("/dashboard"));
        Assert.Equal(1, codec.Decodes);
    }

    [Fact]
    public async Task UseSesameRouteProtection_UnsupportedPattern_FailsAtStartUp()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() =>
            TestApp.StartAsync(map: app => app.UseSesameRouteProtection(o => o.Matcher = ["/dashboard/(.*)"])));

        Assert.Contains("not supported", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSesameRouteProtection_BothCallbacks_FailsAtStartUp() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(map: app => app.UseSesameRouteProtection(o =>
            {
                o.Authorized = _ => true;
                o.AuthorizedAsync = _ => Task.FromResult(true);
            })));

    private static Task<TestApp> StartAsync(Action<SesameRouteProtectionOptions> protect, Action<SesameOptions>? configure = null) =>
        TestApp.StartAsync(options =>
        {
            AccessTestApp.WithRoles(options);
            configure?.Invoke(options);
        }, map: app =>
        {
            app.UseSesameRouteProtection(protect);
            app.MapGet("/{**path}", () => "page");
        });

    private static HttpRequestMessage Page(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", AccessTestApp.BrowserAccept);
        return request;
    }

    private static HttpRequestMessage Api(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return request;
    }
}
