using System.Net;
using Microsoft.AspNetCore.Builder;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Access;

/// <summary>
/// Edges where a mutant of the route protection failed open and every other test still passed: custom pages at the
/// root, and a request to exactly the app's path base.
/// </summary>
public sealed class RouteProtectionEdgeTests
{
    [Theory]
    [InlineData("signin")]
    [InlineData("error")]
    public async Task CustomPageAtTheRoot_ProtectedPathsStayProtected(string page)
    {
        await using var app = await TestApp.StartAsync(
            o =>
            {
                if (page == "signin")
                {
                    o.Pages.SignIn = "/";
                }
                else
                {
                    o.Pages.Error = "/";
                }
            },
            map: a =>
            {
                a.UseSesameRouteProtection(o => o.Matcher = ["/dashboard/:path*"]);
                a.MapGet("/{**path}", () => "page");
            });
        using var client = app.CreateClient();

        using var dashboard = await client.SendAsync(Page("/dashboard/settings"));
        using var root = await client.SendAsync(Page("/"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
    }

    [Fact]
    public async Task RequestToExactlyThePathBase_IsProtectedWhenTheRootIs()
    {
        await using var app = await TestApp.StartAsync(map: a =>
        {
            a.UsePathBase("/app");
            a.UseRouting();
            a.UseSesameRouteProtection(o => o.Matcher = ["/:path*"]);
            a.MapGet("/{**path}", () => "page");
        });
        using var client = app.CreateClient();

        using var pathBase = await client.SendAsync(Page("/app"));
        using var below = await client.SendAsync(Page("/app/x"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, pathBase.StatusCode);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, below.StatusCode);
    }

    private static HttpRequestMessage Page(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", AccessTestApp.BrowserAccept);
        return request;
    }
}
