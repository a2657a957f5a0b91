using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// Responses that carry a session or a fresh session cookie are never stored by a shared cache, and the built-in pages
/// cannot be framed (clickjacking the sign-out confirmation), sniffed or leak their URL to other sites.
/// </summary>
public sealed class ResponseHeaderTests
{
    [Fact]
    public async Task SignInRedirect_CarryingAFreshSessionCookie_IsNoStore()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf)]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.NotNull(client.LastSetCookie("next-auth.session-token"));
        Assert.True(response.Headers.CacheControl?.NoStore, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task SignInJson_CarryingAFreshSessionCookie_IsNoStore()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.True(response.Headers.CacheControl?.NoStore, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task SessionUpdate_Post_IsNoStore()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = "A" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AppEndpointReadingTheSession_IsNoStore_UnlessTheAppChoseItsOwnCaching()
    {
        await using var app = await TestApp.StartAsync(map: a => a.MapGet("/api/cached", async (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "private, max-age=60";
            return Results.Json(await http.GetSessionAsync());
        }));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        using var me = await client.GetAsync("/api/me");
        using var cached = await client.GetAsync("/api/cached");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.True(me.Headers.CacheControl?.NoStore, me.Headers.CacheControl?.ToString());
        Assert.False(cached.Headers.CacheControl!.NoStore);
        Assert.Equal(TimeSpan.FromSeconds(60), cached.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task AppEndpoint_WithoutSession_IsLeftAlone()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var me = await client.GetAsync("/api/me");

        Assert.Null(me.Headers.CacheControl);
    }

    [Theory]
    [InlineData("/api/auth/signin")]
    [InlineData("/api/auth/signout")]
    [InlineData("/api/auth/error?error=AccessDenied")]
    [InlineData("/api/auth/verify-request")]
    [InlineData("/api/auth/session?callbackUrl=javascript:alert(1)")]
    public async Task BuiltInPages_CannotBeFramedSniffedOrLeakTheirUrl(string path)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.GetCsrfTokenAsync();

        using var response = await client.GetAsync(path.Replace("session?", "signin?", StringComparison.Ordinal));

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("GET", "/api/auth/session", 200)]
    [InlineData("GET", "/api/auth/csrf", 200)]
    [InlineData("GET", "/api/auth/providers", 200)]
    [InlineData("POST", "/api/auth/callback/credentials", 302)]
    [InlineData("POST", "/api/auth/signin/credentials", 302)]
    [InlineData("POST", "/api/auth/signout", 302)]
    [InlineData("POST", "/api/auth/session", 400)]
    [InlineData("GET", "/api/auth/nonsense", 400)]
    public async Task EveryEndpointResponse_JsonAndRedirectsToo_IsNeitherSniffedNorFramed(string method, string path, int status)
    {
        // ASVS 5.0 V3.4.4 and V3.4.6 on every response of the auth endpoints, not only the HTML pages: a /session body
        // read as HTML by an old browser, or a redirect answered inside a frame, is what these two headers rule out.
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = path.EndsWith("/session", StringComparison.Ordinal)
                ? new StringContent("{\"csrfToken\":\"not-the-token\"", System.Text.Encoding.UTF8, "application/json")
                : new FormUrlEncodedContent([.. TestUsers.Form("alice"), new("csrfToken", csrf)]);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
