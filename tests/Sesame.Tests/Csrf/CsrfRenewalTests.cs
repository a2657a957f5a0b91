using System.Net;
using System.Text.Json.Nodes;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Csrf;

/// <summary>
/// The CSRF token is renewed at sign-in and sign-out (issue 15, defect 6): a pair planted in the browser before sign-in
/// (login CSRF) or known to someone else stops working for update and sign-out afterwards; a client that fetches the
/// token before each call, as next-auth's does, goes on as before.
/// </summary>
public sealed class CsrfRenewalTests
{
    [Fact]
    public async Task SignIn_RenewsTheToken_PlantedPairNoLongerUpdatesOrSignsOut()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var planted = await client.GetCsrfTokenAsync();
        var plantedCookie = client.Cookies["next-auth.csrf-token"];
        Assert.NotNull(plantedCookie);

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        Assert.NotEqual(plantedCookie, client.Cookies["next-auth.csrf-token"]);

        // a forged cross-origin-looking request from the victim's own browser (its cookies, the renewed CSRF cookie
        // among them) with the token the attacker planted: refused
        using var update = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = planted, ["data"] = new JsonObject { ["name"] = "Mallory" } });
        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", planted), new("json", "true")]);

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Contains("csrf=true", JsonNode.Parse(await signOut.Content.ReadAsStringAsync())!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());

        // the browser's own client fetches the new token and goes on
        using var own = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["data"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task FailedSignIn_KeepsTheToken()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var before = client.Cookies.GetValueOrDefault("next-auth.csrf-token");
        await client.GetCsrfTokenAsync();
        var cookie = client.Cookies["next-auth.csrf-token"];

        using (await client.SignInWithCredentialsAsync(TestUsers.Form("alice", "wrong-password"))) { }

        Assert.Null(before);
        Assert.Equal(cookie, client.Cookies["next-auth.csrf-token"]);
    }
}
