using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Endpoints;

public sealed class RedirectSafetyTests
{
    [Theory]
    [InlineData("https://evil.example", "http://localhost:3000")]
    [InlineData("https://evil.example/x", "http://localhost:3000")]
    [InlineData("//evil.example", "http://localhost:3000//evil.example")]
    [InlineData("/\\evil.example", "http://localhost:3000")]
    [InlineData("javascript:alert(1)", "http://localhost:3000")]
    [InlineData("http://localhost:3000@evil.example/", "http://localhost:3000")]
    [InlineData("http://localhost:3000.evil.example/", "http://localhost:3000")]
    [InlineData("evil", "http://localhost:3000")]
    [InlineData("/dash?x=1", "http://localhost:3000/dash?x=1")]
    [InlineData("http://localhost:3000/ok", "http://localhost:3000/ok")]
    public async Task SignIn_CallbackUrlInBody_StaysOnOrigin(string callbackUrl, string expected)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"), callbackUrl);
        var url = await CredentialsSignInTests.UrlOf(response);

        Assert.Equal(expected, url);
        Assert.StartsWith("http://localhost:3000", new Uri(url).GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        Assert.Equal("localhost", new Uri(url).Host);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    public async Task SignOut_CallbackUrlOffOrigin_RedirectsToOrigin(string callbackUrl)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("callbackUrl", callbackUrl)]);

        Assert.Equal("localhost", response.Headers.Location!.Host);
    }

    [Fact]
    public async Task Session_JavascriptCallbackUrlInQuery_IsConfigurationError()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/session?callbackUrl=javascript:alert(1)");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("{\"message\":\"There is a problem with the server configuration. Check the server logs for more information.\"}", await response.Content.ReadAsStringAsync());
        Assert.Empty(client.LastSetCookies);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Session_TamperedCallbackCookie_IsReplacedWithTheOrigin()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        client.SetCookie("next-auth.callback-url", "javascript:x");

        using var response = await client.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:3000", client.Cookies["next-auth.callback-url"]);
    }

    [Fact]
    public async Task Csrf_OffOriginCallbackUrlInQuery_ResetsCookieToOrigin()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/csrf?callbackUrl=https://evil.example/x");

        Assert.Equal("http://localhost:3000", client.Cookies["next-auth.callback-url"]);
    }

    [Fact]
    public async Task RedirectCallback_CanAllowAnotherDestination()
    {
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnRedirect = context =>
        {
            if (context.Url.StartsWith("https://docs.example.com/", StringComparison.Ordinal))
            {
                context.Result = context.Url;
            }
        });
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"), "https://docs.example.com/start");

        Assert.Equal("https://docs.example.com/start", await CredentialsSignInTests.UrlOf(response));
    }

    [Fact]
    public async Task TrustHost_UsesForwardedHostOnlyWhenOptedIn()
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Url = null;
            o.TrustHost = true;
        });
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/providers");
        request.Headers.Add("X-Forwarded-Host", "app.example.com");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.Contains("https://app.example.com/api/auth/signin/credentials", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredUrl_IgnoresForwardedHost()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/providers");
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await client.SendAsync(request);

        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
