using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Jwt;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

/// <summary>
/// Remember-me: a sign-in that chooses it gets a persistent cookie (<c>Expires</c>) living <c>MaxAge</c>; one that
/// does not gets a browser-session cookie (no <c>Expires</c>, no <c>Max-Age</c>) whose lifetimes, enforced by the
/// server, are the browser session's; both strategies, the form and the JSON sign-in.
/// </summary>
public sealed class RememberMeTests
{
    private const string SessionCookie = "next-auth.session-token";
    private static readonly TimeSpan BrowserIdle = TimeSpan.FromHours(2);
    private static readonly TimeSpan BrowserUpdate = TimeSpan.FromMinutes(30);

    private static void Configure(SesameOptions options)
    {
        options.Session.RememberMe.Enabled = true;
        options.Session.RememberMe.BrowserSessionMaxAge = BrowserIdle;
        options.Session.RememberMe.BrowserSessionUpdateAge = BrowserUpdate;
    }

    private static KeyValuePair<string, string>[] Form(string rememberMe) => [.. TestUsers.Form("alice"), new("rememberMe", rememberMe)];

    [Theory]
    [InlineData("true")]
    [InlineData("on")]
    [InlineData("1")]
    public async Task Jwt_RememberMeChosen_PersistentCookieLivingMaxAge(string value)
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(Form(value));

        var cookie = client.LastSetCookie(SessionCookie)!;
        Assert.Equal((app.Time.GetUtcNow() + TimeSpan.FromDays(30)).ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());
        var token = Codec(app).Decode(client.Cookies[SessionCookie], "")!;
        Assert.Null(token.Get("persistent"));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("off")]
    [InlineData("0")]
    public async Task Jwt_RememberMeDeclined_BrowserSessionCookieWithoutExpires(string value)
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(Form(value));

        var cookie = client.LastSetCookie(SessionCookie)!;
        Assert.Null(cookie.Expires);
        Assert.Null(cookie.MaxAge);
        Assert.True(cookie.HttpOnly);
        var token = Codec(app).Decode(client.Cookies[SessionCookie], "")!;
        Assert.False(token.Get("persistent")!.GetValue<bool>());
        Assert.Equal((app.Time.GetUtcNow() + BrowserIdle).ToUnixTimeSeconds(), token.ExpiresAt);
        // the session's own expiry (what clients show) is the browser session's
        var session = (await client.GetSessionAsync())!;
        Assert.Equal(Iso(app.Time.GetUtcNow() + BrowserIdle), session["expires"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jwt_BuiltInForm_HiddenFalseThenCheckbox_LastValueWins()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();

        // what the built-in form posts with the box ticked: the hidden "false" first, then the checkbox
        await client.SignInWithCredentialsAsync([.. TestUsers.Form("alice"), new("rememberMe", "false"), new("rememberMe", "true")]);

        Assert.NotNull(client.LastSetCookie(SessionCookie)!.Expires);
    }

    [Fact]
    public async Task Jwt_NoChoicePosted_TakesTheConfiguredDefault()
    {
        await using var app = await TestApp.StartAsync(o => { Configure(o); o.Session.RememberMe.PersistentByDefault = false; });
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        Assert.Null(client.LastSetCookie(SessionCookie)!.Expires);

        using var garbled = app.CreateClient();
        await garbled.SignInWithCredentialsAsync(Form("forever"));
        Assert.Null(garbled.LastSetCookie(SessionCookie)!.Expires);
    }

    [Fact]
    public async Task Jwt_JsonSignIn_AcceptsTheChoice()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostJsonAsync("/api/auth/callback/credentials", new JsonObject
        {
            ["csrfToken"] = csrf, ["username"] = "alice", ["password"] = TestUsers.Password, ["rememberMe"] = "false", ["json"] = "true",
        });

        Assert.True(response.IsSuccessStatusCode);
        Assert.Null(client.LastSetCookie(SessionCookie)!.Expires);
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Jwt_RememberMeOff_FieldIgnoredEverySessionPersistent()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(Form("false"));

        Assert.NotNull(client.LastSetCookie(SessionCookie)!.Expires);
        Assert.Null(Codec(app).Decode(client.Cookies[SessionCookie], "")!.Get("persistent"));
    }

    [Fact]
    public async Task Jwt_BrowserSession_RefreshedByItsOwnUpdateAgeAndStaysABrowserSession()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(Form("false"));

        app.Time.Advance(BrowserUpdate - TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        Assert.Null(client.LastSetCookie(SessionCookie));

        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        var refreshed = client.LastSetCookie(SessionCookie)!;
        Assert.Null(refreshed.Expires);
        var token = Codec(app).Decode(client.Cookies[SessionCookie], "")!;
        Assert.Equal((app.Time.GetUtcNow() + BrowserIdle).ToUnixTimeSeconds(), token.ExpiresAt);
        Assert.False(token.Get("persistent")!.GetValue<bool>());
    }

    [Fact]
    public async Task Jwt_BrowserSession_IdleEndsAtItsOwnMaxAge()
    {
        await using var app = await TestApp.StartAsync(o => { Configure(o); o.Session.RememberMe.BrowserSessionUpdateAge = BrowserIdle; });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(Form("false"));

        app.Time.Advance(BrowserIdle - TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());

        // past the codec's 15 s clock tolerance (next-auth's), the idle token is refused
        app.Time.Advance(TimeSpan.FromSeconds(17));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Jwt_BrowserSession_AbsoluteLifetimeOfItsOwn()
    {
        var absolute = TimeSpan.FromHours(3);
        await using var app = await TestApp.StartAsync(o => { Configure(o); o.Session.RememberMe.BrowserSessionAbsoluteLifetime = absolute; });
        using var client = app.CreateClient();
        var deadline = app.Time.GetUtcNow() + absolute;
        await client.SignInWithCredentialsAsync(Form("false"));

        for (var step = 0; step < 5; step++)
        {
            app.Time.Advance(BrowserUpdate);
            Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        }

        Assert.Equal(deadline.ToUnixTimeSeconds(), Codec(app).Decode(client.Cookies[SessionCookie], "")!.ExpiresAt);
        app.Time.Advance(deadline - app.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Jwt_Update_KeepsABrowserSessionABrowserSession()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(Form("false"));
        var csrf = await client.GetCsrfTokenAsync();

        using var update = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject() });

        Assert.True(update.IsSuccessStatusCode);
        Assert.Null(client.LastSetCookie(SessionCookie)!.Expires);
    }

    [Fact]
    public async Task Database_RememberMeDeclined_BrowserSessionRowAndCookie()
    {
        await using var db = await DatabaseApp.StartAsync(Configure);
        using var client = db.App.CreateClient();
        var time = db.App.Time;

        await client.SignInWithCredentialsAsync(Form("false"));

        Assert.Null(client.LastSetCookie(SessionCookie)!.Expires);
        var row = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync());
        Assert.False(row.Persistent);
        Assert.Equal(time.GetUtcNow() + BrowserIdle, row.Expires);

        time.Advance(BrowserUpdate);
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        Assert.Null(client.LastSetCookie(SessionCookie)!.Expires);
        Assert.Equal(time.GetUtcNow() + BrowserIdle, (await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync())).Expires);

        time.Advance(BrowserIdle);
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Database_RememberMeChosen_PersistentRowAndCookie()
    {
        await using var db = await DatabaseApp.StartAsync(Configure);
        using var client = db.App.CreateClient();

        await client.SignInWithCredentialsAsync(Form("true"));

        var cookie = client.LastSetCookie(SessionCookie)!;
        var row = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync());
        Assert.Null(row.Persistent);
        Assert.Equal(row.Expires.ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());
        Assert.Equal(db.App.Time.GetUtcNow() + TimeSpan.FromDays(30), row.Expires);
    }

    [Fact]
    public async Task SignInPage_RememberMeOn_ShowsTheCheckboxWithAHiddenFalse()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();

        var html = await (await client.GetAsync("/api/auth/signin")).Content.ReadAsStringAsync();

        Assert.Contains("<input type=\"hidden\" name=\"rememberMe\" value=\"false\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"rememberMe\" type=\"checkbox\" value=\"true\" checked>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_RememberMeOff_NoCheckbox()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        var html = await (await client.GetAsync("/api/auth/signin")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("rememberMe", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_BrowserAbsoluteShorterThanBrowserMaxAge_FailsWithHowToFix()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o =>
        {
            Configure(o);
            o.Session.RememberMe.BrowserSessionAbsoluteLifetime = TimeSpan.FromHours(1);
        }));

        Assert.Contains("BrowserSessionMaxAge", failure.Message, StringComparison.Ordinal);
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static IJwtCodec Codec(TestApp app) => app.Services.GetRequiredService<IJwtCodec>();
}
