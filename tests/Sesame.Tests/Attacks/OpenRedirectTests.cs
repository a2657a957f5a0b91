using System.Net;
using System.Text.Json.Nodes;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// Open redirects through every vector a callback URL comes in by (sign-in body in form and JSON mode, the callback-url
/// cookie, sign-out, the query): wherever the user is sent, it is this app's origin, without user-info.
/// </summary>
public sealed class OpenRedirectTests
{
    public static TheoryData<string> Payloads => new()
    {
        "https://evil.example",
        "//evil.example/x",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/%5Cevil.example",
        "%2F%2Fevil.example",
        "https:evil.example",
        "https:/evil.example",
        "http://localhost:3000@evil.example/",
        "http://user:pass@localhost:3000/",
        "http://evil.example\\@localhost:3000/",
        "http://localhost:3000.evil.example/",
        "http://localhost:3001/",
        "https://localhost:3000/",
        "http://1ocalhost:3000/",
        "http://localhost%2Eevil.example/",
        "http://ｌocalhost:3000/",
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "\t//evil.example",
        " //evil.example",
        " HTTP://LOCALHOST:3000/x",
        "http://localhost:3000/x ",
        "/\t/evil.example",
        "/\r\n/evil.example",
        "http://[::ffff:7f00:1]:3000/",
        "http://0x7f.0.0.1:3000/",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task SignInFormBody_StaysOnTheOrigin(string payload)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("callbackUrl", payload)]);

        AssertOnOrigin(await DestinationAsync(response), payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task SignInJsonMode_StaysOnTheOrigin(string payload)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"), payload);

        AssertOnOrigin(await DestinationAsync(response), payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task CallbackUrlCookie_StaysOnTheOrigin(string payload)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();
        client.SetCookie("next-auth.callback-url", payload);

        using var response = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf)]);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertOnOrigin(await DestinationAsync(response), payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task SignOutBody_StaysOnTheOrigin(string payload)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("callbackUrl", payload)]);

        AssertOnOrigin(await DestinationAsync(response), payload);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Query_OnSignInAndSignOutPages_NeverRedirectsOffTheOrigin(string payload)
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Pages.SignIn = "/login";
            o.Pages.SignOut = "/bye";
        });
        using var client = app.CreateClient();

        foreach (var path in new[] { "/api/auth/signin", "/api/auth/signout", "/api/auth/session", "/api/auth/csrf" })
        {
            using var response = await client.GetAsync($"{path}?callbackUrl={Uri.EscapeDataString(payload)}");
            AssertOnOrigin(await DestinationAsync(response), payload);
            AssertOnOrigin(client.Cookies.GetValueOrDefault("next-auth.callback-url"), payload);
        }
    }

    private static async Task<string?> DestinationAsync(HttpResponseMessage response)
    {
        if (response.Headers.Location is { } location)
        {
            return location.OriginalString;
        }

        if (response.Content.Headers.ContentType?.MediaType == "application/json" &&
            JsonNode.Parse(await response.Content.ReadAsStringAsync()) is JsonObject json && json["url"] is { } url)
        {
            return url.GetValue<string>();
        }

        return null;
    }

    private static void AssertOnOrigin(string? destination, string payload)
    {
        if (destination is null)
        {
            return;
        }

        var absolute = destination.StartsWith('/') && !destination.StartsWith("//", StringComparison.Ordinal) ? TestApp.Origin + destination : destination;
        Assert.True(Uri.TryCreate(absolute, UriKind.Absolute, out var uri), $"{payload} → {destination}");
        Assert.True(uri.Host == "localhost" && uri.Port == 3000 && uri.Scheme == "http" && uri.UserInfo.Length == 0, $"{payload} → {destination}");
        Assert.DoesNotContain('\\', destination);
        Assert.False(destination.Contains('\t') || destination.Contains('\r') || destination.Contains('\n'), $"{payload} → {destination}");
    }
}
