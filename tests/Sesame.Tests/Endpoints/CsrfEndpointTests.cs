using System.Net;
using System.Text.Json.Nodes;
using Sesame.Csrf;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Endpoints;

public sealed class CsrfEndpointTests
{
    [Fact]
    public async Task Csrf_FreshBrowser_ReturnsTokenAndSetsHashedCookieAndCallbackCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/csrf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("private, no-cache, no-store", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["csrfToken"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{64}$", token);
        var cookie = client.LastSetCookie("next-auth.csrf-token")!;
        Assert.Equal($"{token}|{CsrfProtection.HashHex(token, TestApp.Secret)}", Uri.UnescapeDataString(cookie.Value.ToString()));
        Assert.Contains("%7C", cookie.Value.ToString(), StringComparison.Ordinal);
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.False(cookie.Secure);
        Assert.Null(cookie.Expires);
        Assert.Null(cookie.MaxAge);
        Assert.Equal("http://localhost:3000", client.Cookies["next-auth.callback-url"]);
    }

    [Fact]
    public async Task Csrf_ValidCookie_ReturnsSameTokenAndSetsNoCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var first = await client.GetCsrfTokenAsync();

        var second = await client.GetCsrfTokenAsync();

        Assert.Equal(first, second);
        Assert.Empty(client.LastSetCookies);
    }

    [Fact]
    public async Task Csrf_CookieWithWrongHash_MintsNewToken()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var forged = new string('a', 64);
        client.SetCookie("next-auth.csrf-token", $"{forged}|{new string('b', 64)}");

        var token = await client.GetCsrfTokenAsync();

        Assert.NotEqual(forged, token);
        Assert.NotNull(client.LastSetCookie("next-auth.csrf-token"));
    }

    [Fact]
    public async Task Cookies_HttpsUrl_UseSecurePrefixesAndSecureAttribute()
    {
        await using var app = await TestApp.StartAsync(o => o.Url = new Uri("https://app.example.com"));
        using var client = app.CreateClient();

        await client.GetCsrfTokenAsync();
        var csrf = client.LastSetCookie("__Host-next-auth.csrf-token")!;
        var callback = client.LastSetCookie("__Secure-next-auth.callback-url")!;
        using var signIn = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.True(csrf.Secure);
        Assert.Equal("/", csrf.Path.ToString());
        Assert.Null(csrf.Domain.Value);
        Assert.True(callback.Secure);
        Assert.True(client.LastSetCookie("__Secure-next-auth.session-token")!.Secure);
    }

    [Fact]
    public async Task Cookies_DomainOverride_AppliesToSessionButNeverToHostPrefixedCsrf()
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Url = new Uri("https://app.example.com");
            o.Cookies.SessionToken.Domain = ".example.com";
            o.Cookies.CsrfToken.Domain = ".example.com";
        });
        using var client = app.CreateClient();

        await client.GetCsrfTokenAsync();
        var csrf = client.LastSetCookie("__Host-next-auth.csrf-token")!;
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Null(csrf.Domain.Value);
        Assert.Equal(".example.com", client.LastSetCookie("__Secure-next-auth.session-token")!.Domain.ToString());
    }
}
