using System.Net;
using System.Text.Json.Nodes;
using Sesame.Events;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

/// <summary>
/// The session size cap (issue 15 defect 5): an update that would grow the token past Session.MaxTokenSize is refused
/// with 413 and leaves the cookie as it was, so the browser is never locked out by a Cookie header too large to send.
/// </summary>
public sealed class SessionSizeCapTests
{
    // the sample's pattern: the jwt callback copies update data into the token
    private static void Configure(SesameOptions options) => options.Callbacks.OnJwt = context =>
    {
        if (context.Trigger == JwtTrigger.Update && context.Session is { ValueKind: System.Text.Json.JsonValueKind.Object } data &&
            data.TryGetProperty("note", out var note))
        {
            context.Token.Set("note", note.GetString());
        }

        return Task.CompletedTask;
    };

    [Fact]
    public async Task Update_PastTheCap_413AndTheCookieUnchanged()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var before = client.Cookies["next-auth.session-token"];

        using var update = await client.PostJsonAsync("/api/auth/session", new JsonObject
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["note"] = new string('x', 40_000) },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, update.StatusCode);
        Assert.Equal("""{"error":"SessionTooLarge"}""", await update.Content.ReadAsStringAsync());
        Assert.Null(client.LastSetCookie("next-auth.session-token"));
        Assert.Null(client.LastSetCookie("next-auth.session-token.0"));
        Assert.Equal(before, client.Cookies["next-auth.session-token"]);
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_UnderTheCap_ChunkedAsBefore()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        using var update = await client.PostJsonAsync("/api/auth/session", new JsonObject
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["note"] = new string('x', 6_000) },
        });

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.NotNull(client.LastSetCookie("next-auth.session-token.1"));
    }
}
