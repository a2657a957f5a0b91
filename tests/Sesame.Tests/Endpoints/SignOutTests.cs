using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Endpoints;

public sealed class SignOutTests
{
    private const string SessionCookie = "next-auth.session-token";

    [Fact]
    public async Task SignOut_ValidCsrfWithSession_ClearsEveryChunkRenewsCsrfAndReturnsCallbackUrl()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        client.SetCookie(SessionCookie + ".7", "stale");
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("callbackUrl", "/bye"), new("json", "true")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:3000/bye", await CredentialsSignInTests.UrlOf(response));
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie + ".7")!.MaxAge);
        // renewed, not cleared: the token of the session that ended does not outlive it
        Assert.NotEqual(TimeSpan.Zero, client.LastSetCookie("next-auth.csrf-token")!.MaxAge);
        Assert.NotEqual(csrf, await client.GetCsrfTokenAsync());
        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task SignOut_WrongCsrf_RedirectsWithCsrfFlagAndKeepsSession()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        using var response = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", "wrong")]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/signout?csrf=true", response.Headers.Location!.OriginalString);
        Assert.Null(client.LastSetCookie(SessionCookie));
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignOut_NoSession_RedirectsWithoutTouchingSessionCookies()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf)]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://localhost:3000", response.Headers.Location!.OriginalString);
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignOutPage_Get_IsFormPostingCsrfToken()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.GetAsync("/api/auth/signout");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("action=\"http://localhost:3000/api/auth/signout\"", html, StringComparison.Ordinal);
        Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
        Assert.Contains($"name=\"csrfToken\" value=\"{csrf}\"", html, StringComparison.Ordinal);
    }
}
