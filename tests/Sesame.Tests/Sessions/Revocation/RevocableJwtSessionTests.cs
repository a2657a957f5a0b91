using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Jwt;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Sessions.Revocation;
using Sesame.Stores;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions.Revocation;

/// <summary>
/// Revocable JWT sessions (<c>Jwt.Revocable</c>) over an in-process store, on a fake clock: each token names a session
/// registered in the store; a revoked one stops working on the next request when the store notifies, and within
/// <c>RevocationCheckInterval</c> when it does not; a store that is down signs the request out and keeps the cookie.
/// </summary>
public sealed class RevocableJwtSessionTests
{
    private const string SessionCookie = "next-auth.session-token";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static Task<TestApp> StartAsync(ControlledRevocationStore? store = null, Action<SesameOptions>? configure = null) =>
        TestApp.StartAsync(
            options =>
            {
                options.Jwt.Revocable = true;
                options.Jwt.RevocationCheckInterval = Interval;
                configure?.Invoke(options);
            },
            sesame =>
            {
                if (store is null)
                {
                    sesame.AddInMemorySessionRevocation();
                }
                else
                {
                    sesame.Services.AddSingleton<ISessionRevocationStore>(store);
                }
            },
            map: app => app.MapGet("/api/stored", async (HttpContext http) =>
                await http.GetStoredSessionAsync() is { } stored ? Results.Json(new { id = stored.Session.Id, userId = stored.User.Id }) : Results.StatusCode(401)));

    private static JwtClaims TokenOf(TestApp app, SesameTestClientCookies client) =>
        app.Services.GetRequiredService<IJwtCodec>().Decode(client.Cookie, "")!;

    private static async Task<T> WithManagerAsync<T>(TestApp app, Func<SesameSessionManager, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SesameSessionManager>());
    }

    private static async Task<Sesame.Testing.SesameTestClient> SignedInAsync(TestApp app, string user = "alice")
    {
        var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form(user));
        Assert.True(client.Cookies.ContainsKey(SessionCookie), "the sign-in issued no session cookie");
        return client;
    }

    private static async Task<HttpStatusCode> MeAsync(Sesame.Testing.SesameTestClient client)
    {
        using var response = await client.GetAsync("/api/me");
        return response.StatusCode;
    }

    [Fact]
    public async Task SignIn_Revocable_TokenNamesARegisteredSessionOfTheUser()
    {
        await using var app = await StartAsync();
        using var client = await SignedInAsync(app);

        var token = TokenOf(app, new(client.Cookies[SessionCookie]));
        var sessions = await WithManagerAsync(app, m => m.ListSessionsAsync("u1", default));

        Assert.Equal("u1", token.Subject);
        var session = Assert.Single(sessions);
        Assert.Equal(token.GetString("sid"), session.Id);
        Assert.Equal("u1", session.UserId);
        Assert.Equal(app.Time.GetUtcNow(), session.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(token.ExpiresAt!.Value), session.Expires);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
        using var stored = await client.GetAsync("/api/stored");
        Assert.Contains(session.Id, await stored.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotRevocable_Default_NothingIsRegistered_TheSessionIdOnlyNamesItForThisInstance()
    {
        await using var app = await TestApp.StartAsync();
        using var client = await SignedInAsync(app);

        var token = TokenOf(app, new(client.Cookies[SessionCookie]));

        // (the id lets this instance refuse the session once it signed it out: SignedOutJwtSessionTests)
        Assert.Equal(Sesame.Stores.StoreIds.Length, token.GetString("sid")!.Length);
        Assert.False(app.Services.GetRequiredService<JwtSessionRevocation>().Enabled);
        Assert.Throws<InvalidOperationException>(() => app.Services.CreateScope().ServiceProvider.GetRequiredService<SesameSessionManager>());
    }

    [Fact]
    public async Task RevokeFromAnotherDevice_StoreNotifies_RefusedOnTheNextRequestAndCookieCleared()
    {
        await using var app = await StartAsync();
        using var laptop = await SignedInAsync(app);
        using var phone = await SignedInAsync(app);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(laptop));
        var laptopId = TokenOf(app, new(laptop.Cookies[SessionCookie])).GetString("sid")!;

        Assert.True(await WithManagerAsync(app, m => m.RevokeSessionAsync("u1", laptopId, default)));

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(laptop));
        Assert.False(laptop.Cookies.ContainsKey(SessionCookie));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(phone));
        Assert.False(await WithManagerAsync(app, m => m.RevokeSessionAsync("u2", TokenOf(app, new(phone.Cookies[SessionCookie])).GetString("sid")!, default)));
    }

    [Fact]
    public async Task RevokeInTheStore_NoNotification_HonouredUntilTheIntervalThenRefused()
    {
        var store = new ControlledRevocationStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), notifies: false);
        await using var app = await StartAsync(store);
        using var client = await SignedInAsync(app);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client)); // the store's answer is cached from here
        var sessionId = TokenOf(app, new(client.Cookies[SessionCookie])).GetString("sid")!;

        // another instance revokes it: this one is not told
        Assert.True(await store.Inner.RevokeSessionAsync("u1", sessionId, default));

        app.Time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
        app.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(client));
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task CachedCheck_ManyRequestsWithinTheInterval_AskTheStoreOnce()
    {
        var store = new ControlledRevocationStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), notifies: true);
        await using var app = await StartAsync(store);
        using var client = await SignedInAsync(app);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
            app.Time.Advance(TimeSpan.FromMilliseconds(400));
        }

        Assert.Equal(1, store.IsActiveCalls);
        app.Time.Advance(Interval);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
        Assert.Equal(2, store.IsActiveCalls);
    }

    [Fact]
    public async Task CachedCheck_AllocatesNothing()
    {
        await using var app = await StartAsync();
        using var client = await SignedInAsync(app);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
        var revocation = app.Services.GetRequiredService<JwtSessionRevocation>();
        var codec = app.Services.GetRequiredService<CachingJwtCodec>();
        var token = codec.Decode(client.Cookies[SessionCookie], "")!;
        Assert.Equal(RevocationStatus.Active, (await revocation.CheckAsync(token, default)).Status);

        var (allActive, allocated) = CheckManyTimes(revocation, token);

        Assert.True(allActive);
        Assert.Equal(0, allocated);
    }

    private static (bool AllActive, long Allocated) CheckManyTimes(JwtSessionRevocation revocation, JwtClaims token)
    {
        var allActive = true;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            var check = revocation.CheckAsync(token, default);
            allActive &= check.IsCompletedSuccessfully && check.Result.Status == RevocationStatus.Active;
        }

        return (allActive, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task RevokeOthers_KeepsTheCurrentSession_RevokeAll_EndsEvery()
    {
        await using var app = await StartAsync();
        using var current = await SignedInAsync(app);
        using var second = await SignedInAsync(app);
        using var third = await SignedInAsync(app);
        using var otherUser = await SignedInAsync(app, "admin");
        var currentId = TokenOf(app, new(current.Cookies[SessionCookie])).GetString("sid")!;

        Assert.Equal(2, await WithManagerAsync(app, m => m.RevokeOtherSessionsAsync("u1", currentId, default)));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(current));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(second));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(third));
        Assert.Equal(currentId, Assert.Single(await WithManagerAsync(app, m => m.ListSessionsAsync("u1", default))).Id);

        Assert.Equal(1, await WithManagerAsync(app, m => m.RevokeAllSessionsAsync("u1", default)));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(current));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(otherUser));

        // a new sign-in after "sign out everywhere" works
        using var again = await SignedInAsync(app);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(again));
    }

    [Fact]
    public async Task SignOut_RevokesTheSession_ACopyOfTheCookieIsRefused()
    {
        await using var app = await StartAsync();
        using var client = await SignedInAsync(app);
        var cookie = client.Cookies[SessionCookie];
        var csrf = await client.GetCsrfTokenAsync();

        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        using var copy = app.CreateClient();
        copy.SetCookie(SessionCookie, cookie);

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(copy));
        Assert.Empty(await WithManagerAsync(app, m => m.ListSessionsAsync("u1", default)));
    }

    [Fact]
    public async Task SignInAgain_WithAPresentedCookie_EndsTheSessionItPresented()
    {
        await using var app = await StartAsync();
        using var client = await SignedInAsync(app);
        var first = client.Cookies[SessionCookie];

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        using var copy = app.CreateClient();
        copy.SetCookie(SessionCookie, first);

        Assert.NotEqual(first, client.Cookies[SessionCookie]);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(copy));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
        Assert.Single(await WithManagerAsync(app, m => m.ListSessionsAsync("u1", default)));
    }

    [Fact]
    public async Task TokenWithoutSessionId_Revocable_IsRefused()
    {
        await using var app = await StartAsync();
        var codec = app.Services.GetRequiredService<IJwtCodec>();
        using var client = app.CreateClient();
        client.SetCookie(SessionCookie, codec.Encode(new JwtClaims { Subject = "u1", Name = "Alice" }, TimeSpan.FromHours(1), ""));

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(client));
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task StoreDown_SignedOutCookieKept_BackWhenTheStoreIs()
    {
        var store = new ControlledRevocationStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), notifies: true);
        await using var app = await StartAsync(store);
        using var client = await SignedInAsync(app);
        var cookie = client.Cookies[SessionCookie];
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));

        store.Down = true;
        app.Time.Advance(Interval); // past what the instance may trust without asking
        var whileDown = await MeAsync(client);
        using var newcomer = app.CreateClient();
        await newcomer.SignInWithCredentialsAsync(TestUsers.Form("admin"));
        var csrf = await client.GetCsrfTokenAsync();
        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);

        Assert.Equal(HttpStatusCode.Unauthorized, whileDown);
        Assert.Equal(cookie, client.Cookies[SessionCookie]); // kept: the session is fine once the store is back
        Assert.False(newcomer.Cookies.ContainsKey(SessionCookie), "a sign-in that could not be registered issued a cookie");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signOut.StatusCode); // a sign-out that could not revoke does not report success
        Assert.Equal(cookie, client.Cookies[SessionCookie]);

        store.Down = false;
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
    }

    [Fact]
    public async Task Refresh_WhenDue_MovesTheRegistrationWithTheToken()
    {
        await using var app = await StartAsync(configure: o =>
        {
            o.Session.MaxAge = TimeSpan.FromHours(2);
            o.Session.UpdateAge = TimeSpan.FromHours(1);
        });
        using var client = await SignedInAsync(app);

        app.Time.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
        var token = TokenOf(app, new(client.Cookies[SessionCookie]));
        var session = Assert.Single(await WithManagerAsync(app, m => m.ListSessionsAsync("u1", default)));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(token.ExpiresAt!.Value), session.Expires);
        Assert.Equal(app.Time.GetUtcNow(), session.LastSeenAt);
        app.Time.Advance(TimeSpan.FromMinutes(60)); // past the first token's expiry, inside the refreshed one's
        Assert.Equal(HttpStatusCode.OK, await MeAsync(client));
    }

    [Theory]
    [InlineData("store", "no ISessionRevocationStore is registered")]
    [InlineData("database", "database sessions are revocable already")]
    [InlineData("interval", "RevocationCheckInterval")]
    public async Task Startup_RevocableMisconfigured_FailsWithHowToFix(string problem, string message)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            options =>
            {
                options.Jwt.Revocable = true;
                if (problem == "database")
                {
                    options.Session.Strategy = SessionStrategy.Database;
                }

                if (problem == "interval")
                {
                    options.Jwt.RevocationCheckInterval = TimeSpan.FromSeconds(-1);
                }
            },
            sesame =>
            {
                if (problem != "store")
                {
                    sesame.Services.AddSingleton<ISessionRevocationStore>(new InMemorySessionRevocationStore(TimeProvider.System));
                }
            }));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }
}

/// <summary>A cookie value, so that tests name what they decode.</summary>
internal readonly record struct SesameTestClientCookies(string Cookie);
