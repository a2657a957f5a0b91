using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.Jwt;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

/// <summary>
/// The idle timeout and the absolute lifetime, at each boundary, for both strategies: a session kept busy is refreshed
/// up to sign-in + <c>AbsoluteLifetime</c> and no further; one left idle ends <c>MaxAge</c> after its last refresh.
/// </summary>
public sealed class AbsoluteLifetimeTests
{
    private const string SessionCookie = "next-auth.session-token";
    private static readonly TimeSpan Idle = TimeSpan.FromHours(2);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    private static void Configure(SesameOptions options)
    {
        options.Session.MaxAge = Idle;
        options.Session.UpdateAge = TimeSpan.FromHours(1);
        options.Session.AbsoluteLifetime = Absolute;
    }

    [Fact]
    public async Task Jwt_BusySession_IsRefreshedUpToTheAbsoluteDeadlineAndEndsThere()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        var signedIn = app.Time.GetUtcNow();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var deadline = signedIn + Absolute;

        for (var hour = 1; hour <= 6; hour++)
        {
            app.Time.Advance(TimeSpan.FromHours(1));
            Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        }

        // at 6 h the refresh is capped: the token and the cookie end at 8 h, not at 6 h + MaxAge
        var token = Codec(app).Decode(client.Cookies[SessionCookie], "")!;
        Assert.Equal(deadline.ToUnixTimeSeconds(), token.ExpiresAt);
        Assert.Equal(signedIn.ToUnixTimeSeconds(), token.Get("auth_time")!.GetValue<long>());
        Assert.Equal(deadline.ToUnixTimeSeconds(), client.LastSetCookie(SessionCookie)!.Expires!.Value.ToUnixTimeSeconds());

        // at 7 h a refresh is due but could not lengthen it: nothing is re-issued
        app.Time.Advance(TimeSpan.FromHours(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        Assert.Null(client.LastSetCookie(SessionCookie));

        app.Time.Advance(deadline - app.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        var before = (await client.GetSessionAsync())!;
        Assert.Equal("Alice", before["user"]!["name"]!.GetValue<string>());

        app.Time.Advance(TimeSpan.FromSeconds(1));
        var after = (await client.GetSessionAsync())!;
        Assert.Empty(after.AsObject());
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task Jwt_Update_DoesNotExtendPastTheAbsoluteDeadline()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        var deadline = app.Time.GetUtcNow() + Absolute;
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        for (var hour = 1; hour <= 7; hour++)
        {
            app.Time.Advance(TimeSpan.FromHours(1));
            await client.GetSessionAsync();
        }

        app.Time.Advance(TimeSpan.FromMinutes(30));
        var csrf = await client.GetCsrfTokenAsync();
        using var update = await client.PostJsonAsync("/api/auth/session", new System.Text.Json.Nodes.JsonObject { ["csrfToken"] = csrf, ["data"] = new System.Text.Json.Nodes.JsonObject() });

        Assert.True(update.IsSuccessStatusCode);
        Assert.Equal(deadline.ToUnixTimeSeconds(), Codec(app).Decode(client.Cookies[SessionCookie], "")!.ExpiresAt);
    }

    [Fact]
    public async Task Jwt_IdleSession_EndsMaxAgeAfterItsLastRefresh()
    {
        // UpdateAge = MaxAge: the read just before the boundary does not refresh it
        await using var app = await TestApp.StartAsync(o => { Configure(o); o.Session.UpdateAge = Idle; });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var expires = DateTimeOffset.FromUnixTimeSeconds(Codec(app).Decode(client.Cookies[SessionCookie], "")!.ExpiresAt!.Value);
        Assert.Equal(app.Time.GetUtcNow() + Idle, expires);

        app.Time.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        Assert.Null(client.LastSetCookie(SessionCookie));

        // past the codec's 15 s clock tolerance (next-auth's), the idle token is refused
        app.Time.Advance(TimeSpan.FromSeconds(17));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Jwt_TokenWithoutAuthTime_WorksUntilItsExpiryButIsNeverExtended()
    {
        await using var app = await TestApp.StartAsync(Configure);
        using var client = app.CreateClient();
        // a token as next-auth mints it: no auth_time
        var legacy = Codec(app).Encode(new JwtClaims { Name = "Old", Email = "old@example.com", Subject = "u9" }, Idle, "");
        var expires = app.Time.GetUtcNow() + Idle;
        client.SetCookie(SessionCookie, legacy);

        app.Time.Advance(TimeSpan.FromHours(1.5));
        var read = (await client.GetSessionAsync())!;
        Assert.Equal("Old", read["user"]!["name"]!.GetValue<string>());
        Assert.Null(client.LastSetCookie(SessionCookie));

        app.Time.Advance(expires - app.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Jwt_NoAbsoluteLifetime_RefreshesByMaxAgeAsBefore()
    {
        await using var app = await TestApp.StartAsync(o => { o.Session.MaxAge = Idle; o.Session.UpdateAge = TimeSpan.FromHours(1); });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        for (var hour = 1; hour <= 10; hour++)
        {
            app.Time.Advance(TimeSpan.FromHours(1));
            Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        }

        Assert.Equal((app.Time.GetUtcNow() + Idle).ToUnixTimeSeconds(), Codec(app).Decode(client.Cookies[SessionCookie], "")!.ExpiresAt);
    }

    [Fact]
    public async Task Database_BusySession_IsRefreshedUpToTheAbsoluteDeadlineAndEndsThere()
    {
        await using var db = await DatabaseApp.StartAsync(Configure);
        using var client = db.App.CreateClient();
        var time = db.App.Time;
        var deadline = time.GetUtcNow() + Absolute;
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        for (var hour = 1; hour <= 6; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        }

        var row = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync());
        Assert.Equal(deadline, row.Expires);
        Assert.Equal(deadline.ToUnixTimeSeconds(), client.LastSetCookie(SessionCookie)!.Expires!.Value.ToUnixTimeSeconds());
        time.Advance(TimeSpan.FromHours(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        Assert.Null(client.LastSetCookie(SessionCookie));

        time.Advance(deadline - time.GetUtcNow() - TimeSpan.FromSeconds(1));
        var before = (await client.GetSessionAsync())!;
        Assert.Equal(IsoInstant(deadline), before["expires"]!.GetValue<string>());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
        Assert.Equal(0, await db.QueryAsync(c => c.Sessions.CountAsync()));
    }

    [Fact]
    public async Task Database_IdleSession_EndsMaxAgeAfterItsLastRefresh()
    {
        await using var db = await DatabaseApp.StartAsync(o => { Configure(o); o.Session.UpdateAge = Idle; });
        using var client = db.App.CreateClient();
        var time = db.App.Time;
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        time.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        Assert.Null(client.LastSetCookie(SessionCookie));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
        Assert.Equal(0, await db.QueryAsync(c => c.Sessions.CountAsync()));
    }

    [Fact]
    public async Task Database_RowWithoutCreatedAt_WorksUntilItsExpiryButIsNeverExtended()
    {
        await using var db = await DatabaseApp.StartAsync(o =>
        {
            Configure(o);
            o.Session.HashSessionTokens = false;
        });
        using var client = db.App.CreateClient();
        var time = db.App.Time;
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var expires = time.GetUtcNow() + TimeSpan.FromMinutes(90);
        // as next-auth writes a row: no createdAt, no lastSeenAt
        await db.QueryAsync(async c =>
        {
            var userId = (await c.Users.SingleAsync()).Id;
            c.Sessions.Add(new SesameSessionEntity { Id = "legacy", SessionToken = "legacy-token", UserId = userId, Expires = expires });
            return await c.SaveChangesAsync();
        });
        client.SetCookie(SessionCookie, "legacy-token");

        time.Advance(TimeSpan.FromMinutes(89));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        Assert.Equal(expires, (await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync(s => s.Id == "legacy"))).Expires);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task StartUp_AbsoluteLifetimeShorterThanMaxAge_FailsWithHowToFix()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o =>
        {
            o.Session.MaxAge = TimeSpan.FromDays(30);
            o.Session.AbsoluteLifetime = TimeSpan.FromDays(7);
        }));

        Assert.Contains("AbsoluteLifetime", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at least Session.MaxAge", failure.Message, StringComparison.Ordinal);
    }

    private static string IsoInstant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static IJwtCodec Codec(TestApp app) => app.Services.GetRequiredService<IJwtCodec>();
}
