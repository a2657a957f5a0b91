using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sesame.Sessions.Revocation;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Tests.Revocation;

/// <summary>
/// The Redis revocation store on a real redis-server: registrations live exactly until the session's expiry (moved by
/// a refresh), revocations delete them atomically with the user's index and are published to every other instance.
/// Two instances here are two service providers, each with a connection of its own.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSessionRevocationStoreTests(RedisServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    private readonly string _prefix = RedisServer.NewPrefix("revocation");
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ServiceProvider _a = null!;
    private ServiceProvider _b = null!;
    private IDatabase _redis = null!;

    private ISessionRevocationStore A => _a.GetRequiredService<ISessionRevocationStore>();

    private ISessionRevocationStore B => _b.GetRequiredService<ISessionRevocationStore>();

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        if (Requirements.SkipReason(Requirement.Redis) is not null)
        {
            return;
        }

        var endPoint = await server.GetEndPointAsync();
        _a = Build(endPoint);
        _b = Build(endPoint);
        _redis = await server.GetAdminDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
        }
    }

    private ServiceProvider Build(string endPoint)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSesame(_ => { }).AddStackExchangeRedisSessionRevocation(o =>
        {
            o.Configuration = endPoint;
            o.KeyPrefix = _prefix;
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static async Task<bool> IsActiveAsync(ISessionRevocationStore store, string sessionId, string userId, CancellationToken cancellationToken) =>
        await store.GetVersionAsync(sessionId, userId, cancellationToken) is not null;

    [RequiresFact(Requirement.Redis)]
    public async Task AddUpdate_EverySessionOfTheUserGoesUpOneVersion_KeepsTheLatestUpdates_NotifiesEveryInstance()
    {
        await A.RegisterAsync(Session("s1", "u1", TimeSpan.FromHours(1)), None);
        await A.RegisterAsync(Session("s2", "u1", TimeSpan.FromHours(1)), None);
        await A.RegisterAsync(Session("s3", "u2", TimeSpan.FromHours(1)), None);
        var heardOnB = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        using var subscription = B.Subscribe(heardOnB.Enqueue);
        await WaitUntilSubscribedAsync();

        Assert.Equal(0, await B.GetVersionAsync("s1", "u1", None));
        var updated = await A.AddUpdateAsync("u1", """{"role":"editor"}""", None);

        Assert.Equal(["s1", "s2"], updated.Order());
        Assert.Equal(1, await B.GetVersionAsync("s1", "u1", None));
        Assert.Equal(1, await B.GetVersionAsync("s2", "u1", None));
        Assert.Equal(0, await B.GetVersionAsync("s3", "u2", None)); // another user's session is not touched
        Assert.Null(await B.GetVersionAsync("s1", "u2", None));
        Assert.Equal(["""{"role":"editor"}"""], await B.GetUpdatesAsync("s1", 0, 1, None));
        for (var i = 0; i < 100 && heardOnB.Count < 2; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(["s1", "s2"], heardOnB.Order());

        for (var i = 2; i <= ISessionRevocationStore.KeptUpdates + 2; i++)
        {
            await A.AddUpdateAsync("u1", $$"""{"n":{{i}}}""", None);
        }

        var version = ISessionRevocationStore.KeptUpdates + 2;
        Assert.Equal(version, await B.GetVersionAsync("s1", "u1", None));
        Assert.Null(await B.GetUpdatesAsync("s1", 0, version, None)); // the first updates are no longer kept: the token cannot catch up
        var latest = await B.GetUpdatesAsync("s1", version - 2, version, None);
        Assert.Equal([$$"""{"n":{{version - 1}}}""", $$"""{"n":{{version}}}"""], latest);
        Assert.Equal(ISessionRevocationStore.KeptUpdates, await KeptUpdateFieldsAsync("s1"));

        // the updates live and die with the registration: a refresh keeps them, a revocation removes them
        Assert.True(await B.ExtendAsync("s1", _clock.GetUtcNow() + TimeSpan.FromHours(2), _clock.GetUtcNow(), None));
        Assert.Equal(latest, await A.GetUpdatesAsync("s1", version - 2, version, None));
        Assert.True(await A.RevokeSessionAsync("u1", "s1", None));
        Assert.Null(await B.GetUpdatesAsync("s1", version - 2, version, None));
        Assert.Null(await B.GetVersionAsync("s1", "u1", None));
    }

    [RequiresFact(Requirement.Redis)]
    public async Task AddUpdate_UserWithoutSessions_UpdatesNothing()
    {
        Assert.Empty(await A.AddUpdateAsync("nobody", "{}", None));
        Assert.Null(await A.GetUpdatesAsync("missing", 0, 1, None));
    }

    private async Task<int> KeptUpdateFieldsAsync(string sessionId)
    {
        return (await _redis.HashKeysAsync(_prefix + "jwt-session:" + sessionId)).Count(field => field.ToString().StartsWith("update:", StringComparison.Ordinal));
    }

    private SesameSession Session(string id, string userId, TimeSpan lifetime) => new()
    {
        Id = id,
        SessionKey = "",
        UserId = userId,
        Expires = _clock.GetUtcNow() + lifetime,
        CreatedAt = _clock.GetUtcNow(),
        LastSeenAt = _clock.GetUtcNow(),
        UserAgent = "Firefox",
    };

    [RequiresFact(Requirement.Redis)]
    public async Task Register_SessionIsActiveForItsUserOnEveryInstance_KeysLiveUntilItsExpiry()
    {
        await A.RegisterAsync(Session("s1", "u1", TimeSpan.FromHours(1)), None);

        Assert.True(await IsActiveAsync(A, "s1", "u1", None));
        Assert.True(await IsActiveAsync(B, "s1", "u1", None));
        Assert.False(await IsActiveAsync(B, "s1", "u2", None));
        Assert.False(await IsActiveAsync(B, "s2", "u1", None));
        await AssertTtlAsync(TimeSpan.FromHours(1), _prefix + "jwt-session:s1");
        await AssertTtlAsync(TimeSpan.FromHours(1), _prefix + "user-jwt-sessions:u1");
        await Assert.ThrowsAsync<SesameStoreConflictException>(() => B.RegisterAsync(Session("s1", "u2", TimeSpan.FromHours(1)), None));
        var listed = Assert.Single(await B.ListSessionsAsync("u1", _clock.GetUtcNow(), None));
        Assert.Equal("s1", listed.Id);
        Assert.Equal("Firefox", listed.UserAgent);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), listed.CreatedAt!.Value.ToUnixTimeMilliseconds());
    }

    [RequiresFact(Requirement.Redis)]
    public async Task Extend_MovesTheExpiryOfTheRegistrationAndTheIndex()
    {
        await A.RegisterAsync(Session("s1", "u1", TimeSpan.FromMinutes(10)), None);

        var expires = _clock.GetUtcNow().AddHours(3);
        Assert.True(await B.ExtendAsync("s1", expires, _clock.GetUtcNow(), None));
        Assert.False(await B.ExtendAsync("nope", expires, _clock.GetUtcNow(), None));

        await AssertTtlAsync(TimeSpan.FromHours(3), _prefix + "jwt-session:s1");
        await AssertTtlAsync(TimeSpan.FromHours(3), _prefix + "user-jwt-sessions:u1");
        Assert.Equal(expires.ToUnixTimeMilliseconds(), Assert.Single(await A.ListSessionsAsync("u1", _clock.GetUtcNow(), None)).Expires.ToUnixTimeMilliseconds());
    }

    [RequiresFact(Requirement.Redis)]
    public async Task Expired_RegistrationIsGone_NotActiveNotListed()
    {
        await A.RegisterAsync(Session("short", "u1", TimeSpan.FromMilliseconds(300)), None);
        await A.RegisterAsync(Session("long", "u1", TimeSpan.FromHours(1)), None);
        await Task.Delay(600);

        Assert.False(await IsActiveAsync(A, "short", "u1", None));
        Assert.Equal("long", Assert.Single(await A.ListSessionsAsync("u1", _clock.GetUtcNow(), None)).Id);
    }

    [RequiresFact(Requirement.Redis)]
    public async Task RevokeOnB_AIsNotified_AndTheRegistrationIsGone()
    {
        var heard = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = A.Subscribe(id => heard.TrySetResult(id));
        await WaitUntilSubscribedAsync();
        await A.RegisterAsync(Session("s1", "u1", TimeSpan.FromHours(1)), None);

        Assert.False(await B.RevokeSessionAsync("u2", "s1", None)); // not that user's
        Assert.True(await B.RevokeSessionAsync("u1", "s1", None));

        Assert.Equal("s1", await heard.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await IsActiveAsync(A, "s1", "u1", None));
        Assert.Empty(await A.ListSessionsAsync("u1", _clock.GetUtcNow(), None));
        Assert.False(await B.RevokeSessionAsync("u1", "s1", None));
    }

    [RequiresFact(Requirement.Redis)]
    public async Task RevokeOthers_ThenAll_ReturnTheIdsRevoked_EachPublished()
    {
        var heard = new List<string?>();
        using var subscription = A.Subscribe(id =>
        {
            lock (heard)
            {
                heard.Add(id);
            }
        });
        await WaitUntilSubscribedAsync();
        foreach (var id in (string[])["s1", "s2", "s3"])
        {
            await A.RegisterAsync(Session(id, "u1", TimeSpan.FromHours(1)), None);
        }

        await A.RegisterAsync(Session("other", "u2", TimeSpan.FromHours(1)), None);

        var others = await B.RevokeSessionsAsync("u1", "s2", None);
        Assert.Equal(["s1", "s3"], others.Order());
        Assert.True(await IsActiveAsync(A, "s2", "u1", None));
        var all = await B.RevokeSessionsAsync("u1", null, None);
        Assert.Equal(["s2"], all);
        Assert.Empty(await A.ListSessionsAsync("u1", _clock.GetUtcNow(), None));
        Assert.True(await IsActiveAsync(A, "other", "u2", None));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && Count(heard) < 3)
        {
            await Task.Delay(20);
        }

        lock (heard)
        {
            Assert.Equal(["s1", "s2", "s3"], heard.Order());
        }
    }

    [RequiresFact(Requirement.Redis)]
    public async Task SubscriptionDroppedAndRestored_SubscribersForgetEverything_ThenHearRevocationsAgain()
    {
        var heard = new List<string?>();
        using var subscription = A.Subscribe(id =>
        {
            lock (heard)
            {
                heard.Add(id);
            }
        });
        await WaitUntilSubscribedAsync();

        // every pub/sub connection of the server is cut, as a network blip or a failover would; A reconnects by itself
        await _redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && Count(heard) == 0)
        {
            await Task.Delay(20);
        }

        lock (heard)
        {
            Assert.Equal([null], heard); // "forget everything": what was published while cut off is lost
        }

        await WaitUntilSubscribedAsync();
        await A.RegisterAsync(Session("s1", "u1", TimeSpan.FromHours(1)), None);
        Assert.True(await B.RevokeSessionAsync("u1", "s1", None));
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && Count(heard) < 2)
        {
            await Task.Delay(20);
        }

        lock (heard)
        {
            Assert.Equal([null, "s1"], heard);
        }
    }

    /// <summary>
    /// 100 sign-ins of one user racing 10 "sign out everywhere": every session ends up either revoked by exactly one of
    /// them or still registered and listed, never both, never lost, never twice.
    /// </summary>
    [RequiresFact(Requirement.Redis)]
    public async Task ConcurrentRegistrationsAndRevokeAll_EverySessionRevokedOnceOrStillListed()
    {
        var ids = Enumerable.Range(0, 100).Select(i => $"c{i}").ToArray();
        var registrations = ids.Select((id, i) => Task.Run(() => (i % 2 == 0 ? A : B).RegisterAsync(Session(id, "u1", TimeSpan.FromHours(1)), None)));
        var revocations = Enumerable.Range(0, 10).Select(i => Task.Run(() => (i % 2 == 0 ? B : A).RevokeSessionsAsync("u1", null, None))).ToArray();
        await Task.WhenAll(registrations);
        var revoked = (await Task.WhenAll(revocations)).SelectMany(r => r).ToList();
        var listed = (await A.ListSessionsAsync("u1", _clock.GetUtcNow(), None)).Select(s => s.Id).ToList();

        Assert.Equal(revoked.Count, revoked.Distinct().Count());
        Assert.Empty(revoked.Intersect(listed));
        Assert.Equal(ids.Order(), revoked.Concat(listed).Order());
        foreach (var id in ids)
        {
            Assert.Equal(listed.Contains(id), await IsActiveAsync(B, id, "u1", None));
        }
    }

    private static int Count(List<string?> heard)
    {
        lock (heard)
        {
            return heard.Count;
        }
    }

    /// <summary>The subscription is made in the background: wait until Redis counts a subscriber on the channel.</summary>
    private async Task WaitUntilSubscribedAsync()
    {
        var channel = _prefix + "jwt-session-revoked";
        for (var i = 0; i < 100; i++)
        {
            var reply = await _redis.ExecuteAsync("PUBSUB", "NUMSUB", channel);
            if ((long)((RedisResult[])reply!)[1] > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the store never subscribed to revocations");
    }

    private async Task AssertTtlAsync(TimeSpan expected, string key)
    {
        var ttl = await _redis.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, expected - Slack, expected);
    }
}
