using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions.Caching;

/// <summary>
/// <c>Session.Cache</c>: database sessions read within the cache's duration come from memory, not the store; every
/// change Sesame makes to a user's sessions (sign-out, revocation, update) is seen by the next request at once; a change
/// behind Sesame's back within the duration; an expired session is never served from the cache.
/// </summary>
public sealed class DatabaseSessionCacheTests
{
    private const string SessionCookie = "next-auth.session-token";

    [Fact]
    public async Task CacheOn_RepeatedReads_OneStoreRead_AgainAfterTheDuration()
    {
        var reads = new ReadCounter();
        await using var database = await StartAsync(reads, cache: true);
        using var alice = await SignedInAsync(database.App, "alice");

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));
        }

        Assert.Equal(1, reads.Count);
        database.App.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));
        Assert.Equal(2, reads.Count);
    }

    [Fact]
    public async Task CacheOff_EveryReadGoesToTheStore()
    {
        var reads = new ReadCounter();
        await using var database = await StartAsync(reads, cache: false);
        using var alice = await SignedInAsync(database.App, "alice");

        for (var i = 0; i < 5; i++)
        {
            await alice.GetSessionAsync();
        }

        Assert.Equal(5, reads.Count);
    }

    [Fact]
    public async Task CachedByTheCookiesValue_AnAlteredOrMadeUpToken_NeverAHit_NorCached()
    {
        // the cache is keyed by the token itself (a hit skips its hash): only the exact token of a stored row is served
        var reads = new ReadCounter();
        await using var database = await StartAsync(reads, cache: true);
        using var alice = await SignedInAsync(database.App, "alice");
        var token = alice.Cookies[SessionCookie];
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));
        Assert.Equal(1, reads.Count);

        using var forger = database.App.CreateClient();
        foreach (var forged in new[] { token.ToUpperInvariant(), token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), token + "A", "made-up-token" })
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                forger.SetCookie(SessionCookie, forged); // (a refused cookie is cleared: send it again)
                Assert.Equal("{}", (await forger.GetSessionAsync())!.ToJsonString());
            }
        }

        // each forged read asked the store (none was cached), and alice's own session is still a hit
        Assert.Equal(1 + 8, reads.Count);
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));
        Assert.Equal(9, reads.Count);
    }

    [Fact]
    public async Task SignOut_ACopyOfTheCachedCookie_RefusedAtOnce()
    {
        await using var database = await StartAsync(new ReadCounter(), cache: true);
        using var alice = await SignedInAsync(database.App, "alice");
        using var copy = database.App.CreateClient();
        copy.SetCookie(SessionCookie, alice.Cookies[SessionCookie]);
        Assert.Equal("Alice", NameOf(await copy.GetSessionAsync())); // cached

        var csrf = await alice.GetCsrfTokenAsync();
        using var signOut = await alice.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);

        Assert.Equal(System.Net.HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal("{}", (await copy.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task ManagerRevocations_ReachCachedSessionsAtOnce_OthersKeepTheCurrent()
    {
        await using var database = await StartAsync(new ReadCounter(), cache: true);
        var app = database.App;
        using var laptop = await SignedInAsync(app, "alice");
        using var phone = await SignedInAsync(app, "alice");
        using var tablet = await SignedInAsync(app, "alice");
        using var admin = await SignedInAsync(app, "admin");
        foreach (var client in new[] { laptop, phone, tablet, admin })
        {
            Assert.NotEqual("{}", (await client.GetSessionAsync())!.ToJsonString()); // all cached
        }

        await using var scope = app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<SesameSessionManager>();
        var sessions = await manager.ListSessionsAsync("u1", default);

        Assert.True(await manager.RevokeSessionAsync("u1", sessions[0].Id, default));
        var afterOne = await CountSignedInAsync(laptop, phone, tablet);
        Assert.Equal(2, afterOne);

        var keep = (await manager.ListSessionsAsync("u1", default))[0].Id;
        Assert.Equal(1, await manager.RevokeOtherSessionsAsync("u1", keep, default));
        Assert.Equal(1, await CountSignedInAsync(laptop, phone, tablet));

        Assert.Equal(1, await manager.RevokeAllSessionsAsync("u1", default));
        Assert.Equal(0, await CountSignedInAsync(laptop, phone, tablet));
        Assert.Equal("Admin", NameOf(await admin.GetSessionAsync())); // another user's cached session is untouched
    }

    [Fact]
    public async Task UserChangedThenUpdateSessions_NextReadHasIt()
    {
        await using var database = await StartAsync(new ReadCounter(), cache: true);
        var app = database.App;
        using var alice = await SignedInAsync(app, "alice");
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserStore>();
        await users.UpdateUserAsync((await users.GetUserAsync("u1", default))! with { Name = "Alice Admin" }, default);
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync())); // behind Sesame's back: the cache still has the old row

        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SesameSessionManager>()
            .UpdateSessionsAsync("u1", JsonSerializer.SerializeToElement(new { name = "Alice Admin" }), default));
        Assert.Equal("Alice Admin", NameOf(await alice.GetSessionAsync()));
    }

    [Fact]
    public async Task RowDeletedBehindSesamesBack_ServedWithinTheDuration_ThenRefused()
    {
        var reads = new ReadCounter();
        await using var database = await StartAsync(reads, cache: true);
        var app = database.App;
        using var alice = await SignedInAsync(app, "alice");
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await reads.Inner(scope.ServiceProvider).DeleteUserSessionsAsync("u1", default));
        }

        app.Time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));
        app.Time.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Equal("{}", (await alice.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task SessionExpiresWhileCached_NeverServed()
    {
        await using var database = await StartAsync(new ReadCounter(), cache: true, options =>
        {
            options.Session.Cache.Duration = TimeSpan.FromMinutes(1);
            options.Session.MaxAge = TimeSpan.FromSeconds(30);
            options.Session.UpdateAge = TimeSpan.FromHours(1);
        });
        using var alice = await SignedInAsync(database.App, "alice");
        Assert.Equal("Alice", NameOf(await alice.GetSessionAsync()));

        database.App.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("{}", (await alice.GetSessionAsync())!.ToJsonString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public async Task DurationOutOfRange_StartUpFailsSayingWhy(int seconds)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(new ReadCounter(), cache: true, options => options.Session.Cache.Duration = TimeSpan.FromSeconds(seconds)));

        Assert.Contains("Session.Cache.Duration", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<int> CountSignedInAsync(params Sesame.Testing.SesameTestClient[] clients)
    {
        var count = 0;
        foreach (var client in clients)
        {
            if ((await client.GetSessionAsync())!.ToJsonString() != "{}")
            {
                count++;
            }
        }

        return count;
    }

    private static Task<DatabaseApp> StartAsync(ReadCounter reads, bool cache, Action<SesameOptions>? configure = null) =>
        DatabaseApp.StartAsync(
            options =>
            {
                options.Session.Cache.Enabled = cache;
                configure?.Invoke(options);
            },
            extend: sesame =>
            {
                var inner = sesame.Services.Last(d => d.ServiceType == typeof(ISessionStore));
                sesame.Services.Remove(inner);
                sesame.Services.Add(ServiceDescriptor.Describe(typeof(InnerStore), sp => new InnerStore((ISessionStore)inner.ImplementationFactory!(sp)), inner.Lifetime));
                sesame.Services.Add(ServiceDescriptor.Describe(typeof(ISessionStore), sp => new CountingSessionStore(sp.GetRequiredService<InnerStore>().Store, reads), inner.Lifetime));
            });

    private static async Task<Sesame.Testing.SesameTestClient> SignedInAsync(TestApp app, string user)
    {
        var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form(user));
        Assert.True(client.Cookies.ContainsKey(SessionCookie), "the sign-in issued no session cookie");
        return client;
    }

    private static string? NameOf(System.Text.Json.Nodes.JsonNode? session) => session?["user"]?["name"]?.GetValue<string>();

    private sealed class ReadCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);

        /// <summary>The store under the counter: what a change made behind Sesame's back writes to.</summary>
        public ISessionStore Inner(IServiceProvider services) => services.GetRequiredService<InnerStore>().Store;
    }

    private sealed record InnerStore(ISessionStore Store);

    private sealed class CountingSessionStore(ISessionStore inner, ReadCounter reads) : ISessionStore
    {
        public Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken) => inner.CreateSessionAsync(session, cancellationToken);

        public Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken)
        {
            reads.Add();
            return inner.GetSessionAndUserAsync(sessionKey, cancellationToken);
        }

        public Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) => inner.UpdateSessionAsync(sessionKey, expires, lastSeenAt, cancellationToken);

        public Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken) => inner.DeleteSessionAsync(sessionKey, cancellationToken);

        public Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) => inner.DeleteUserSessionAsync(userId, sessionId, cancellationToken);

        public Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken) => inner.DeleteUserSessionsAsync(userId, cancellationToken);

        public Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken) => inner.DeleteOtherUserSessionsAsync(userId, keepSessionId, cancellationToken);

        public Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) => inner.ListUserSessionsAsync(userId, now, cancellationToken);
    }
}
