using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

/// <summary>
/// Plain (not revocable) JWT sessions ended by this instance stay ended here (issue 15, defect 2): an <c>update</c>
/// racing a sign-out cannot revive the session, a copy of the cookie taken before the sign-out is refused, a sign-in
/// from the same browser ends the session it presented; the user's other sessions are not touched.
/// </summary>
public sealed class SignedOutJwtSessionTests
{
    private const string SessionCookie = "next-auth.session-token";

    [Fact]
    public async Task SignOut_ACopyOfTheCookieTakenBefore_IsRefusedAndCleared()
    {
        await using var app = await TestApp.StartAsync();
        using var client = await SignedInAsync(app, "alice");
        using var copy = CopyOf(app, client);

        using var signOut = await SignOutAsync(client);
        var read = await copy.GetSessionAsync();

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Empty(read!.AsObject());
        Assert.Equal("", copy.LastSetCookie(SessionCookie)?.Value.ToString());
    }

    [Fact]
    public async Task SignOut_TheUsersOtherSessions_KeepWorking()
    {
        await using var app = await TestApp.StartAsync();
        using var laptop = await SignedInAsync(app, "alice");
        using var phone = await SignedInAsync(app, "alice");

        using var signOut = await SignOutAsync(laptop);

        Assert.Equal("Alice", NameOf(await phone.GetSessionAsync()));
        Assert.Empty((await laptop.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task SignInAgain_FromTheSameBrowser_EndsTheSessionItPresented()
    {
        await using var app = await TestApp.StartAsync();
        using var client = await SignedInAsync(app, "alice");
        var first = client.Cookies[SessionCookie];

        await client.SignInWithCredentialsAsync(TestUsers.Form("admin"));
        using var copy = app.CreateClient();
        copy.SetCookie(SessionCookie, first);

        Assert.Equal("Admin", NameOf(await client.GetSessionAsync()));
        Assert.Empty((await copy.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task UpdateRacingSignOut_FortyTries_AlwaysEndsSignedOut()
    {
        // The jwt callback holds some updates for a moment, so that the sign-out lands before, during and after them.
        var delay = 0;
        await using var app = await TestApp.StartAsync(options => options.Callbacks.OnJwt = async context =>
        {
            if (context.Trigger == JwtTrigger.Update)
            {
                await Task.Delay(Volatile.Read(ref delay));
                context.Token.Set("theme", "dark");
            }
        });

        for (var attempt = 0; attempt < 40; attempt++)
        {
            Volatile.Write(ref delay, attempt % 4 * 10);
            using var browser = await SignedInAsync(app, "alice");
            using var tab = CopyOf(app, browser);
            var csrf = await browser.GetCsrfTokenAsync();
            tab.SetCookie("next-auth.csrf-token", browser.Cookies["next-auth.csrf-token"]);

            var update = tab.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["theme"] = "dark" } });
            var signOut = SignOutAsync(browser, csrf);
            using var updated = await update;
            using var signedOut = await signOut;

            Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
            // Whichever response reached the browser last, the cookie it holds no longer reads as signed in: the
            // update's re-issued cookie (when the update ran first) is of the session that ended.
            foreach (var client in new[] { browser, tab })
            {
                var read = await client.GetSessionAsync();
                Assert.True(read!.AsObject().Count == 0, $"attempt {attempt} (update held {attempt % 4 * 10} ms): still signed in as {read.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task ATokenWithoutASessionId_AsNextAuthMintsIt_ThatTokenIsRefusedAfterItsSignOut()
    {
        await using var app = await TestApp.StartAsync();
        var claims = new JwtClaims { Subject = "u1", Name = "Alice", Email = "alice@example.com", TokenId = Guid.NewGuid().ToString() };
        var token = app.Services.GetRequiredService<IJwtCodec>().Encode(claims, TimeSpan.FromDays(30), "");
        using var client = app.CreateClient();
        client.SetCookie(SessionCookie, token);
        Assert.Equal("Alice", NameOf(await client.GetSessionAsync()));
        using var copy = CopyOf(app, client);

        using var signOut = await SignOutAsync(client);

        Assert.Empty((await copy.GetSessionAsync())!.AsObject());
    }

    private static async Task<HttpResponseMessage> SignOutAsync(Sesame.Testing.SesameTestClient client, string? csrf = null) =>
        await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf ?? await client.GetCsrfTokenAsync()), new("json", "true")]);

    private static Sesame.Testing.SesameTestClient CopyOf(TestApp app, Sesame.Testing.SesameTestClient client)
    {
        var copy = app.CreateClient();
        copy.SetCookie(SessionCookie, client.Cookies[SessionCookie]);
        return copy;
    }

    private static async Task<Sesame.Testing.SesameTestClient> SignedInAsync(TestApp app, string user)
    {
        var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form(user));
        Assert.True(client.Cookies.ContainsKey(SessionCookie), "the sign-in issued no session cookie");
        return client;
    }

    private static string? NameOf(JsonNode? session) => session?["user"]?["name"]?.GetValue<string>();
}
