using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Sessions.Revocation;
using Sesame.Stores;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions.Revocation;

namespace Sesame.Tests.Sessions;

/// <summary>
/// <see cref="SesameSessionManager.UpdateSessionsAsync"/>: the app changes a user's session data from the server (an
/// admin changes the role) and the change reaches the user's next request without their browser doing anything; the
/// response re-issues the cookie with the new data. Revocable JWT sessions carry the change through the revocation
/// store (each token applies the updates it is behind, once, in order); database sessions read the user's row anew.
/// </summary>
public sealed class ServerSideSessionUpdateTests
{
    private const string SessionCookie = "next-auth.session-token";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>The app's callbacks: the role from the user at sign-in, server-side updates applied field by field (a client's update may only rename).</summary>
    private sealed class RoleCallbacks
    {
        public int ServerUpdatesApplied;

        public void Configure(SesameOptions options)
        {
            options.Callbacks.OnJwt = context =>
            {
                if (context.User is { } user && user.Properties.TryGetValue("role", out var role))
                {
                    context.Token.Set("role", role);
                }

                if (context.Session is { ValueKind: JsonValueKind.Object } data)
                {
                    if (context.Trigger == JwtTrigger.ServerUpdate)
                    {
                        Interlocked.Increment(ref ServerUpdatesApplied);
                        if (data.TryGetProperty("deactivated", out _))
                        {
                            context.EndSession();
                        }

                        foreach (var field in data.EnumerateObject())
                        {
                            context.Token.Set(field.Name, JsonNode.Parse(field.Value.GetRawText()));
                        }
                    }
                    else if (context.Trigger == JwtTrigger.Update && data.TryGetProperty("name", out var name))
                    {
                        context.Token.Name = name.GetString();
                    }
                }

                return Task.CompletedTask;
            };
            options.Callbacks.OnSession = context =>
            {
                foreach (var field in (string[])["role", "department"])
                {
                    if (context.Token?.GetString(field) is { } value)
                    {
                        context.Session.User.Set(field, JsonValue.Create(value));
                    }
                }

                return Task.CompletedTask;
            };
        }
    }

    private static Task<TestApp> StartJwtAsync(RoleCallbacks callbacks, ISessionRevocationStore? store = null) =>
        TestApp.StartAsync(
            options =>
            {
                options.Jwt.Revocable = true;
                options.Jwt.RevocationCheckInterval = Interval;
                callbacks.Configure(options);
            },
            sesame =>
            {
                if (store is null)
                {
                    sesame.AddInMemorySessionRevocation();
                }
                else
                {
                    sesame.Services.AddSingleton(store);
                }
            });

    private static async Task<int> UpdateAsync(IServiceProvider services, string userId, object data)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SesameSessionManager>()
            .UpdateSessionsAsync(userId, JsonSerializer.SerializeToElement(data), default);
    }

    private static async Task<Sesame.Testing.SesameTestClient> SignedInAsync(TestApp app, string user)
    {
        var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form(user));
        Assert.True(client.Cookies.ContainsKey(SessionCookie), "the sign-in issued no session cookie");
        return client;
    }

    private static string? RoleOf(JsonNode? session) => session?["user"]?["role"]?.GetValue<string>();

    private static JwtClaims TokenOf(TestApp app, string cookie) => app.Services.GetRequiredService<IJwtCodec>().Decode(cookie, "")!;

    [Fact]
    public async Task Jwt_AdminChangesTheRole_NextRequestHasIt_CookieReissuedOnce()
    {
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks);
        using var admin = await SignedInAsync(app, "admin");
        Assert.Equal("admin", RoleOf(await admin.GetSessionAsync()));
        var before = admin.Cookies[SessionCookie];

        var updated = await UpdateAsync(app.Services, "u2", new { role = "editor" });

        Assert.Equal(1, updated);
        Assert.Equal("editor", RoleOf(await admin.GetSessionAsync()));
        var after = admin.Cookies[SessionCookie];
        Assert.NotEqual(before, after); // the response re-issued the cookie with the new data
        var token = TokenOf(app, after);
        Assert.Equal("editor", token.GetString("role"));
        Assert.Equal(1, token.GetSeconds(SessionClaims.UpdateVersion));
        Assert.Equal(TokenOf(app, before).GetString("sid"), token.GetString("sid")); // the same session, not a new one

        // the new cookie has the update: it is not applied again
        Assert.Equal("editor", RoleOf(await admin.GetSessionAsync()));
        Assert.Equal("editor", RoleOf(await admin.GetSessionAsync()));
        Assert.Equal(1, callbacks.ServerUpdatesApplied);
        Assert.DoesNotContain(admin.LastSetCookies, c => c.Name == SessionCookie);
    }

    [Fact]
    public async Task Jwt_SeveralUpdates_AppliedInOrder_ToEverySessionOfTheUserOnly()
    {
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks);
        using var laptop = await SignedInAsync(app, "admin");
        using var phone = await SignedInAsync(app, "admin");
        using var alice = await SignedInAsync(app, "alice");
        var aliceCookie = alice.Cookies[SessionCookie];

        Assert.Equal(2, await UpdateAsync(app.Services, "u2", new { role = "editor", department = "sales" }));
        Assert.Equal(2, await UpdateAsync(app.Services, "u2", new { role = "viewer" }));

        foreach (var device in new[] { laptop, phone })
        {
            var session = await device.GetSessionAsync();
            Assert.Equal("viewer", RoleOf(session)); // the later update wins
            Assert.Equal("sales", session?["user"]?["department"]?.GetValue<string>()); // the earlier one is kept
            Assert.Equal(2, TokenOf(app, device.Cookies[SessionCookie]).GetSeconds(SessionClaims.UpdateVersion));
        }

        Assert.Null(RoleOf(await alice.GetSessionAsync()));
        Assert.Equal(aliceCookie, alice.Cookies[SessionCookie]);
    }

    [Fact]
    public async Task Jwt_CopyOfTheOldCookie_AlsoCatchesUp()
    {
        // A second tab (or a request in flight) still sends the cookie from before the update: it must not keep the old role.
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks);
        using var tab1 = await SignedInAsync(app, "admin");
        using var tab2 = app.CreateClient();
        tab2.SetCookie(SessionCookie, tab1.Cookies[SessionCookie]);
        await UpdateAsync(app.Services, "u2", new { role = "editor" });

        Assert.Equal("editor", RoleOf(await tab1.GetSessionAsync()));
        Assert.Equal("editor", RoleOf(await tab2.GetSessionAsync()));
        using var me = await tab2.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("editor", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_ClientUpdate_CannotSetWhatOnlyTheServerMay()
    {
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks);
        using var alice = await SignedInAsync(app, "alice");
        var csrf = await alice.GetCsrfTokenAsync();

        using var update = await alice.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["role"] = "admin", ["name"] = "Al" } });

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var session = await alice.GetSessionAsync();
        Assert.Equal("Al", session?["user"]?["name"]?.GetValue<string>());
        Assert.Null(RoleOf(session));
        Assert.Equal(0, callbacks.ServerUpdatesApplied);
    }

    [Fact]
    public async Task Jwt_StoreDoesNotNotify_UpdateReachesTheSessionWithinTheCheckInterval()
    {
        var store = new ControlledRevocationStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), notifies: false);
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks, store);
        using var admin = await SignedInAsync(app, "admin");
        Assert.Equal("admin", RoleOf(await admin.GetSessionAsync())); // this instance's answer is cached from here

        // another instance records the update: this one is not told
        Assert.Single(await store.Inner.AddUpdateAsync("u2", """{"role":"editor"}""", default));

        app.Time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal("admin", RoleOf(await admin.GetSessionAsync()));
        app.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("editor", RoleOf(await admin.GetSessionAsync()));
    }

    [Fact]
    public async Task Jwt_TokenFurtherBehindThanTheUpdatesKept_SignedOut()
    {
        // Fail closed: a token that cannot be brought up to date must not go on with its old data.
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks);
        using var admin = await SignedInAsync(app, "admin");
        for (var i = 0; i <= ISessionRevocationStore.KeptUpdates; i++)
        {
            await UpdateAsync(app.Services, "u2", new { department = $"d{i}" });
        }

        Assert.Empty(await admin.GetSessionAsync() as JsonObject ?? []);
        Assert.False(admin.Cookies.ContainsKey(SessionCookie));
        using var me = await admin.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task Jwt_CallbackEndsTheSessionOnTheUpdate_SignedOut()
    {
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks);
        using var admin = await SignedInAsync(app, "admin");

        await UpdateAsync(app.Services, "u2", new { deactivated = true });

        Assert.Empty(await admin.GetSessionAsync() as JsonObject ?? []);
        Assert.False(admin.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task Jwt_StoreDownWhileCatchingUp_NoSessionForTheRequest_CookieKept_ThenCaughtUp()
    {
        var store = new ControlledRevocationStore(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(), notifies: true);
        var callbacks = new RoleCallbacks();
        await using var app = await StartJwtAsync(callbacks, store);
        using var admin = await SignedInAsync(app, "admin");
        await UpdateAsync(app.Services, "u2", new { role = "editor" });

        store.Down = true;
        using (var down = await admin.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, down.StatusCode); // never the old role, never a 500
        }

        Assert.True(admin.Cookies.ContainsKey(SessionCookie));
        store.Down = false;
        Assert.Equal("editor", RoleOf(await admin.GetSessionAsync()));
    }

    [Fact]
    public async Task Database_AdminChangesTheUser_NextRequestHasIt()
    {
        await using var database = await DatabaseApp.StartAsync();
        var app = database.App;
        using var alice = await SignedInAsync(app, "alice");
        using var second = await SignedInAsync(app, "alice");
        Assert.Equal("Alice", (await alice.GetSessionAsync())?["user"]?["name"]?.GetValue<string>());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<IUserStore>();
            var user = (await users.GetUserAsync("u1", default))!;
            await users.UpdateUserAsync(user with { Name = "Alice Admin" }, default);
        }

        Assert.Equal(2, await UpdateAsync(app.Services, "u1", new { name = "Alice Admin" }));
        Assert.Equal("Alice Admin", (await alice.GetSessionAsync())?["user"]?["name"]?.GetValue<string>());
        Assert.Equal("Alice Admin", (await second.GetSessionAsync())?["user"]?["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task NotRevocableJwt_NoWayToReachATokenBeforeItExpires_ManagerRefusesClearly()
    {
        await using var app = await TestApp.StartAsync();
        await using var scope = app.Services.CreateAsyncScope();

        var error = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<SesameSessionManager>());

        Assert.Contains("Jwt.Revocable", error.Message, StringComparison.Ordinal);
    }
}
