using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Cookies;

/// <summary>
/// No cookie Sesame writes passes 4,096 bytes of name and value (ASVS 3.3.5): a browser drops such a cookie without a
/// word. A callback URL too long to be remembered in the callback-url cookie still applies to its own request.
/// </summary>
public sealed class CookieSizeTests
{
    // a path that percent-encodes to more than 4,096 bytes ("/" becomes "%2F")
    private static readonly string LongCallback = TestApp.Origin + "/" + string.Concat(Enumerable.Repeat("a/", 1_500));

    [Fact]
    public async Task SignInPage_WithACallbackUrlTooLongForACookie_AnswersAndSetsNoOversizedCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var page = await client.GetAsync("/api/auth/signin?callbackUrl=" + Uri.EscapeDataString(LongCallback));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.All(client.LastSetCookies, cookie => Assert.True(cookie.Name.Length + cookie.Value.Length <= 4096, $"{cookie.Name}: {cookie.Value.Length} bytes"));
        Assert.Null(client.LastSetCookie("next-auth.callback-url"));
    }

    [Fact]
    public async Task SignIn_WithACallbackUrlTooLongForACookie_StillGoesThere()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/callback/credentials",
            [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("callbackUrl", LongCallback), new("json", "true")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LongCallback, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
        Assert.All(client.LastSetCookies, cookie => Assert.True(cookie.Name.Length + cookie.Value.Length <= 4096, $"{cookie.Name}: {cookie.Value.Length} bytes"));
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }
}
