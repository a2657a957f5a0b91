using System.Net;
using System.Text.Json.Nodes;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// CSRF variants on every state-changing endpoint (sign-in, sign-out, session update): without a token, with a wrong
/// one, with another browser's token, with a cookie whose hash is forged, or with the token in the query only, the
/// request changes nothing.
/// </summary>
public sealed class CsrfAttackTests
{
    public static TheoryData<string> Variants => new() { "none", "wrong", "another browser's", "forged cookie", "query only", "empty cookie", "token as cookie" };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task SignIn_WithoutAValidToken_SignsNobodyIn(string variant)
    {
        await using var app = await TestApp.StartAsync();
        using var victim = app.CreateClient();
        var posted = await ArrangeAsync(app, victim, variant);

        using var response = await victim.PostFormAsync("/api/auth/callback/credentials" + (variant == "query only" ? "?csrfToken=" + posted : ""),
            [.. TestUsers.Form("alice"), .. Token(variant, posted)]);

        Assert.False(victim.Cookies.ContainsKey("next-auth.session-token"), variant);
        Assert.Equal("{}", (await victim.GetSessionAsync())!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task SignOut_WithoutAValidToken_LeavesTheSession(string variant)
    {
        await using var app = await TestApp.StartAsync();
        using var victim = app.CreateClient();
        await victim.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var session = victim.Cookies["next-auth.session-token"];
        var posted = await ArrangeAsync(app, victim, variant);

        using var response = await victim.PostFormAsync("/api/auth/signout" + (variant == "query only" ? "?csrfToken=" + posted : ""), Token(variant, posted));

        Assert.Equal(session, victim.Cookies.GetValueOrDefault("next-auth.session-token"));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task SessionUpdate_WithoutAValidToken_ChangesNothing(string variant)
    {
        await using var app = await TestApp.StartAsync(TestCallbacks.RenameOnUpdate);
        using var victim = app.CreateClient();
        await victim.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var posted = await ArrangeAsync(app, victim, variant);
        var body = new JsonObject { ["data"] = new JsonObject { ["name"] = "Mallory" } };
        foreach (var (key, value) in Token(variant, posted))
        {
            body[key] = value;
        }

        using var response = await victim.PostJsonAsync("/api/auth/session" + (variant == "query only" ? "?csrfToken=" + posted : ""), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Alice", (await victim.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    /// <summary>Sets up the victim's CSRF cookie for the variant and returns the token the attacker posts.</summary>
    private static async Task<string> ArrangeAsync(TestApp app, SesameTestClient victim, string variant)
    {
        var own = await victim.GetCsrfTokenAsync();
        switch (variant)
        {
            case "another browser's":
                using (var attacker = app.CreateClient())
                {
                    return await attacker.GetCsrfTokenAsync();
                }

            case "forged cookie":
                var token = new string('a', 64);
                victim.SetCookie("next-auth.csrf-token", token + "|" + new string('0', 64));
                return token;
            case "empty cookie":
                victim.SetCookie("next-auth.csrf-token", "");
                return "";
            case "token as cookie":
                victim.SetCookie("next-auth.csrf-token", own);
                return own;
            case "wrong":
                return new string('f', 64);
            default:
                return own;
        }
    }

    private static KeyValuePair<string, string>[] Token(string variant, string posted) =>
        variant is "none" or "query only" ? [] : [new("csrfToken", posted)];
}
