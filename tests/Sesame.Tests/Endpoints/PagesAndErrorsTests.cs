using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Endpoints;

public sealed class PagesAndErrorsTests
{
    [Fact]
    public async Task SignInPage_Default_IsHtmlFormPostingCredentialsWithCsrf()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.GetAsync("/api/auth/signin?error=CredentialsSignin");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("action=\"http://localhost:3000/api/auth/callback/credentials\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{csrf}\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"username\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"password\" type=\"password\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in failed. Check the details you provided are correct.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_ErrorIsHtmlEncoded()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/signin/%3Cscript%3E");

        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_CustomPage_RedirectsWithAbsoluteCallbackUrlAndProviderAsError()
    {
        await using var app = await TestApp.StartAsync(o => o.Pages.SignIn = "/login");
        using var client = app.CreateClient();

        using var plain = await client.GetAsync("/api/auth/signin?callbackUrl=/x");
        using var provider = await client.GetAsync("/api/auth/signin/github");

        Assert.Equal(HttpStatusCode.Found, plain.StatusCode);
        Assert.Equal("/login?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fx", plain.Headers.Location!.OriginalString);
        Assert.Equal("/login?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fx&error=github", provider.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("CredentialsSignin")]
    [InlineData("OAuthAccountNotLinked")]
    [InlineData("SessionRequired")]
    public async Task ErrorPage_SignInErrors_RedirectToSignInPage(string error)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/auth/error?error={error}&provider=credentials");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"http://localhost:3000/api/auth/signin?error={error}", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden)]
    [InlineData("Verification", HttpStatusCode.Forbidden)]
    [InlineData("Configuration", HttpStatusCode.InternalServerError)]
    [InlineData("configuration", HttpStatusCode.InternalServerError)]
    [InlineData("Foo", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task ErrorPage_Status_FollowsNextAuth(string? error, HttpStatusCode expected)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync(error is null ? "/api/auth/error" : $"/api/auth/error?error={error}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ErrorPage_ErrorFromPathSegment_IsRead()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/error/AccessDenied");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ErrorPage_CustomPage_RedirectsWithError()
    {
        await using var app = await TestApp.StartAsync(o => o.Pages.Error = "/oops");
        using var client = app.CreateClient();

        using var denied = await client.GetAsync("/api/auth/error?error=AccessDenied");
        using var none = await client.GetAsync("/api/auth/error");

        Assert.Equal("/oops?error=AccessDenied", denied.Headers.Location!.OriginalString);
        Assert.Equal("/oops?error=undefined", none.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task VerifyRequest_DefaultAndCustomPage()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await using var custom = await TestApp.StartAsync(o => o.Pages.VerifyRequest = "/check");
        using var customClient = custom.CreateClient();

        using var page = await client.GetAsync("/api/auth/verify-request");
        using var redirect = await customClient.GetAsync("/api/auth/verify-request?provider=email");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/check", redirect.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("GET", "/api/auth/unknown")]
    [InlineData("PUT", "/api/auth/session")]
    [InlineData("DELETE", "/api/auth/signout")]
    [InlineData("POST", "/api/auth/csrf")]
    [InlineData("GET", "/api/auth/_log")]
    [InlineData("POST", "/api/auth/callback/nope")]
    public async Task UnsupportedActionOrMethod_Returns400TextWithoutCookies(string method, string path)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"Error: This action with HTTP {method} is not supported by NextAuth.js", await response.Content.ReadAsStringAsync());
        Assert.Empty(client.LastSetCookies);
    }

    [Fact]
    public async Task Log_Post_Returns200EmptyWithoutCookies()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.PostFormAsync("/api/auth/_log", [new("level", "error"), new("code", "CLIENT_FETCH_ERROR")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(client.LastSetCookies);
    }

    [Fact]
    public async Task Providers_ListsProvidersWithAbsoluteUrlsAndSetsNoCookies()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/providers");

        Assert.Equal("{\"credentials\":{\"id\":\"credentials\",\"name\":\"Credentials\",\"type\":\"credentials\",\"signinUrl\":\"http://localhost:3000/api/auth/signin/credentials\",\"callbackUrl\":\"http://localhost:3000/api/auth/callback/credentials\"}}",
            await response.Content.ReadAsStringAsync());
        Assert.Empty(client.LastSetCookies);
    }

    [Fact]
    public async Task Post_BodyOverLimit_Returns413()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/callback/credentials", [new("csrfToken", csrf), new("username", new string('a', 70_000))]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task BasePath_FromUrlPath_MovesEndpoints()
    {
        await using var app = await TestApp.StartAsync(o => o.Url = new Uri("http://localhost:3000/custom/auth"));
        using var client = app.CreateClient("/custom/auth");

        var token = await client.GetCsrfTokenAsync();

        Assert.Matches("^[0-9a-f]{64}$", token);
    }
}
