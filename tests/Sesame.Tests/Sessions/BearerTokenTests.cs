using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Sesame.Testing;
using Sesame.Tests.Access;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

public sealed class BearerTokenTests
{
    [Fact]
    public async Task Bearer_OffByDefault_IsNotASession()
    {
        await using var app = await TestApp.StartAsync();
        var token = await TokenAsync(app, "alice");

        using var response = await SendAsync(app, "/api/me", "Bearer " + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Bearer_Enabled_AuthenticatesWithoutACookie()
    {
        await using var app = await StartAsync();
        var token = await TokenAsync(app, "alice");

        using var response = await SendAsync(app, "/whoami", "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Alice|True", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bearer_PercentEncodedToken_IsDecodedAsGetTokenDoes()
    {
        await using var app = await StartAsync();
        var token = await TokenAsync(app, "alice");

        using var response = await SendAsync(app, "/whoami", "Bearer " + token.Replace(".", "%2E", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer %zz")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWxpY2U6cHc=")]
    [InlineData("Bearer not-a-token")]
    public async Task Bearer_MalformedOrForeign_IsNoSession(string header)
    {
        await using var app = await StartAsync();

        using var response = await SendAsync(app, "/whoami", header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Bearer_DueForRefresh_NeverWritesACookie()
    {
        await using var app = await StartAsync();
        var token = await TokenAsync(app, "alice");
        app.Time.Advance(TimeSpan.FromHours(25));

        using var response = await SendAsync(app, "/whoami", "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Bearer_WithASessionCookie_TheCookieWins()
    {
        await using var app = await StartAsync();
        var adminToken = await TokenAsync(app, "admin");
        using var alice = app.CreateClient();
        await alice.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);

        using var response = await alice.SendAsync(request);

        Assert.Equal("Alice|True", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bearer_Enabled_GetSessionAsyncSeesTheSession()
    {
        await using var app = await StartAsync();
        var token = await TokenAsync(app, "alice");

        using var response = await SendAsync(app, "/api/me", "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("alice@example.com", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<TestApp> StartAsync() =>
        TestApp.StartAsync(options => options.AcceptBearerTokens = true, map: app =>
            app.MapGet("/whoami", (HttpContext http) => $"{http.User.Identity!.Name}|{http.User.Identity.IsAuthenticated}").RequireAuthorization());

    private static async Task<string> TokenAsync(TestApp app, string user)
    {
        using var client = app.CreateClient();
        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form(user));
        response.EnsureSuccessStatusCode();
        return client.Cookies[AccessTestApp.SessionCookie];
    }

    private static async Task<HttpResponseMessage> SendAsync(TestApp app, string path, string authorization)
    {
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await client.SendAsync(request);
    }
}

public sealed class DatabaseBearerTokenTests
{
    [Fact]
    public async Task Bearer_DatabaseSession_AuthenticatesAndNeverWritesACookie()
    {
        await using var db = await DatabaseApp.StartAsync(options => options.AcceptBearerTokens = true, map: app =>
            app.MapGet("/whoami", (HttpContext http) => $"{http.User.Identity!.Name}|{http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value}").RequireAuthorization());
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var token = client.Cookies[AccessTestApp.SessionCookie];
        db.App.Time.Advance(TimeSpan.FromHours(25));
        using var bare = db.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await bare.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Alice|u1", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Authorize_DatabaseSessionRevoked_Is401()
    {
        await using var db = await DatabaseApp.StartAsync(map: app =>
            app.MapGet("/api/secret", () => "secret").RequireAuthorization());
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal("secret", await client.GetStringAsync("/api/secret"));
        await db.QueryAsync(async c => await c.Sessions.ExecuteDeleteAsync());
        using var response = await client.GetAsync("/api/secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
