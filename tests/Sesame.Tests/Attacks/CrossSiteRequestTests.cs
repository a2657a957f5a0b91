using System.Net;
using System.Text.Json.Nodes;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// The second CSRF defence (issue 15, defect 6): a state-changing POST the browser marks as coming from another site
/// (<c>Sec-Fetch-Site: cross-site</c>, or an <c>Origin</c> that is not the app's, <c>null</c> included) is refused even
/// with a valid token pair, on sign-in, sign-out and session update; same-origin requests, and requests from clients
/// that send neither header, pass.
/// </summary>
public sealed class CrossSiteRequestTests
{
    private const string SessionCookie = "next-auth.session-token";

    public static TheoryData<string, string> CrossSite => new()
    {
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "CROSS-SITE" },
        { "Origin", "https://evil.example" },
        { "Origin", "http://localhost:3001" },
        { "Origin", "https://localhost:3000" },
        { "Origin", "null" },
    };

    public static TheoryData<string, string> SameSite => new()
    {
        { "Sec-Fetch-Site", "same-origin" },
        { "Origin", TestApp.Origin },
        { "None", "" },
    };

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task SignIn_FromAnotherSite_WithAValidTokenPair_SignsNobodyIn(string header, string value)
    {
        await using var app = await TestApp.StartAsync();
        using var victim = app.CreateClient();

        using var response = await SignInAsync(victim, header, value);

        Assert.False(victim.Cookies.ContainsKey(SessionCookie), $"{header}: {value}");
        Assert.Empty((await victim.GetSessionAsync())!.AsObject());
    }

    [Theory]
    [MemberData(nameof(SameSite))]
    public async Task SignIn_FromTheAppItself_SignsIn(string header, string value)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await SignInAsync(client, header, value);

        Assert.True(client.Cookies.ContainsKey(SessionCookie), $"{header}: {value}");
    }

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task SignOut_FromAnotherSite_LeavesTheSession(string header, string value)
    {
        await using var app = await TestApp.StartAsync();
        using var victim = app.CreateClient();
        await victim.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var session = victim.Cookies[SessionCookie];
        var csrf = await victim.GetCsrfTokenAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signout")
        {
            Content = new FormUrlEncodedContent([new("csrfToken", csrf), new("json", "true")]),
        };
        With(request, header, value);
        using var response = await victim.SendAsync(request);

        Assert.Equal(session, victim.Cookies.GetValueOrDefault(SessionCookie));
        Assert.Equal("Alice", (await victim.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(CrossSite))]
    public async Task SessionUpdate_FromAnotherSite_ChangesNothing(string header, string value)
    {
        await using var app = await TestApp.StartAsync(TestCallbacks.RenameOnUpdate);
        using var victim = app.CreateClient();
        await victim.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await victim.GetCsrfTokenAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/session")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = "Mallory" } }),
        };
        With(request, header, value);
        using var response = await victim.SendAsync(request);

        Assert.Equal("Alice", (await victim.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> SignInAsync(SesameTestClient client, string header, string value)
    {
        var csrf = await client.GetCsrfTokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/callback/credentials")
        {
            Content = new FormUrlEncodedContent([.. TestUsers.Form("alice"), new("csrfToken", csrf), new("json", "true")]),
        };
        With(request, header, value);
        return await client.SendAsync(request);
    }

    private static void With(HttpRequestMessage request, string header, string value)
    {
        if (header != "None")
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
    }
}
