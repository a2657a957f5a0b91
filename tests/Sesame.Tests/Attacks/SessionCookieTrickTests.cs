using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// Session fixation, chunk-cookie tricks, letter-case variants and oversized inputs: none gives a session that was not
/// issued to this browser, keeps one alive past sign-out, or makes the server fail.
/// </summary>
public sealed class SessionCookieTrickTests
{
    private const string SessionCookie = "next-auth.session-token";

    [Fact]
    public async Task Fixation_AttackersSessionPlantedBeforeSignIn_IsReplacedByTheVictims()
    {
        await using var app = await TestApp.StartAsync();
        using var attacker = app.CreateClient();
        await attacker.SignInWithCredentialsAsync(TestUsers.Form("admin"));
        using var victim = app.CreateClient();
        victim.SetCookie(SessionCookie, attacker.Cookies[SessionCookie]);

        await victim.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.NotEqual(attacker.Cookies[SessionCookie], victim.Cookies[SessionCookie]);
        Assert.Equal("Alice", (await victim.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chunks_WithAGap_AreNotReassembledIntoASession()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var token = client.Cookies[SessionCookie];
        client.RemoveCookie(SessionCookie);
        client.SetCookie(SessionCookie + ".0", token[..100]);
        client.SetCookie(SessionCookie + ".2", token[100..]);

        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task Chunks_SplitAnywhere_ReassembleOnlyTheIssuedToken()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var token = client.Cookies[SessionCookie];
        client.RemoveCookie(SessionCookie);
        client.SetCookie(SessionCookie + ".0", token[..50]);
        client.SetCookie(SessionCookie + ".1", token[50..]);
        client.SetCookie(SessionCookie + ".2", "garbage");

        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task CaseVariant_PlantedBesideTheSession_IsClearedAtSignOut()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        client.SetCookie("NEXT-AUTH.SESSION-TOKEN", client.Cookies[SessionCookie]);
        var csrf = await client.GetCsrfTokenAsync();

        await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf)]);

        Assert.DoesNotContain(client.Cookies.Keys, k => k.Equals(SessionCookie, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task ManyTinyChunks_AnswerWithoutErrorAndBoundedClears()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();
        for (var i = 0; i < 1000; i++)
        {
            client.SetCookie($"{SessionCookie}.{i}", "x");
        }

        using var session = await client.GetAsync("/api/auth/session");
        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf)]);

        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, signOut.StatusCode);
        Assert.True(!signOut.Headers.TryGetValues("Set-Cookie", out var cleared) || cleared.Count() <= 40, $"{cleared?.Count()} Set-Cookie headers");
    }

    [Fact]
    public async Task OversizedInputs_AreRefusedOrIgnoredNever500()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var bigCallback = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("callbackUrl", "/" + new string('a', 60_000))]);
        using var bigField = await client.PostFormAsync("/api/auth/callback/credentials", [new("csrfToken", csrf), new("username", new string('a', 70_000))]);
        using var deepJson = await BodyTricksTests.PostRawAsync(client, "/api/auth/session", string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500));
        using var longAction = await client.GetAsync("/api/auth/" + new string('x', 4000));

        Assert.Equal(TestApp.Origin, bigCallback.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bigField.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, deepJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longAction.StatusCode);
    }
}
