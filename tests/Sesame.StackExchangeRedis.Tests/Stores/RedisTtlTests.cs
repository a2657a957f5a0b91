using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Tests.Stores;

/// <summary>
/// Every key of a record that expires lives exactly until that expiry: the TTL Redis reports equals the record's expiry
/// minus the stores' clock (less the real time the test took, which Redis counts down), and the key is gone after it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisTtlTests(RedisServer server) : IAsyncLifetime
{
    // Redis counts TTLs down in real time while the test runs: allow that much, and no more.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    private readonly string _prefix = RedisServer.NewPrefix("ttl");
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ServiceProvider _services = null!;
    private IDatabase _redis = null!;

    private IUserStore Users => _services.GetRequiredService<IUserStore>();

    private ISessionStore Sessions => _services.GetRequiredService<ISessionStore>();

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        if (Requirements.SkipReason(Requirement.Redis) is not null)
        {
            return;
        }

        _services = RedisStores.BuildServices(await server.GetEndPointAsync(), _prefix, _clock);
        _redis = await server.GetAdminDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [RequiresFact(Requirement.Redis)]
    public async Task CreateSession_EveryKeyOfTheSession_LivesUntilItsExpiry()
    {
        var user = await Users.CreateUserAsync(new SesameUser { Id = "", Email = "ttl@example.com" }, None);
        var expires = _clock.GetUtcNow().AddHours(1);

        var session = await Sessions.CreateSessionAsync(new SesameSession { Id = "", SessionKey = "key-1", UserId = user.Id, Expires = expires }, None);

        await AssertTtlAsync(TimeSpan.FromHours(1), _prefix + "session:key-1");
        await AssertTtlAsync(TimeSpan.FromHours(1), _prefix + "session-id:" + session.Id);
        await AssertTtlAsync(TimeSpan.FromHours(1), _prefix + "user-sessions:" + user.Id);
        Assert.Null(await _redis.KeyTimeToLiveAsync(_prefix + "user:" + user.Id));
        Assert.Null(await _redis.KeyTimeToLiveAsync(_prefix + "user-email:ttl@example.com"));
    }

    [RequiresFact(Requirement.Redis)]
    public async Task UpdateSession_Extended_EveryKeyLivesUntilTheNewExpiry()
    {
        var user = await Users.CreateUserAsync(new SesameUser { Id = "" }, None);
        var session = await Sessions.CreateSessionAsync(new SesameSession { Id = "", SessionKey = "key-2", UserId = user.Id, Expires = _clock.GetUtcNow().AddMinutes(5) }, None);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Sessions.UpdateSessionAsync("key-2", _clock.GetUtcNow().AddDays(30), _clock.GetUtcNow(), None));

        await AssertTtlAsync(TimeSpan.FromDays(30), _prefix + "session:key-2");
        await AssertTtlAsync(TimeSpan.FromDays(30), _prefix + "session-id:" + session.Id);
        await AssertTtlAsync(TimeSpan.FromDays(30), _prefix + "user-sessions:" + user.Id);
    }

    [RequiresFact(Requirement.Redis)]
    public async Task CreateSession_SeveralSessions_TheUsersSessionSetLivesAsLongAsTheLongest()
    {
        var user = await Users.CreateUserAsync(new SesameUser { Id = "" }, None);
        var now = _clock.GetUtcNow();

        await Sessions.CreateSessionAsync(new SesameSession { Id = "", SessionKey = "key-3a", UserId = user.Id, Expires = now.AddHours(3) }, None);
        await Sessions.CreateSessionAsync(new SesameSession { Id = "", SessionKey = "key-3b", UserId = user.Id, Expires = now.AddHours(1) }, None);

        await AssertTtlAsync(TimeSpan.FromHours(3), _prefix + "user-sessions:" + user.Id);
        await AssertTtlAsync(TimeSpan.FromHours(1), _prefix + "session:key-3b");
    }

    [RequiresFact(Requirement.Redis)]
    public async Task CreateVerificationToken_TheKeyLivesUntilTheTokensExpiry()
    {
        var tokens = _services.GetRequiredService<IVerificationTokenStore>();

        await tokens.CreateVerificationTokenAsync(new SesameVerificationToken { Identifier = "a@example.com", TokenHash = "hash-1", Expires = _clock.GetUtcNow().AddMinutes(10) }, None);

        await AssertTtlAsync(TimeSpan.FromMinutes(10), _prefix + "verification-token:hash-1");
    }

    [RequiresFact(Requirement.Redis)]
    public async Task Session_AfterItsExpiry_IsGoneFromRedis()
    {
        var user = await Users.CreateUserAsync(new SesameUser { Id = "" }, None);
        var session = await Sessions.CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = "key-4", UserId = user.Id, Expires = _clock.GetUtcNow().AddMilliseconds(300) }, None);
        Assert.NotNull(await Sessions.GetSessionAndUserAsync("key-4", None));

        await Task.Delay(TimeSpan.FromMilliseconds(800));

        Assert.Null(await Sessions.GetSessionAndUserAsync("key-4", None));
        Assert.False(await _redis.KeyExistsAsync(_prefix + "session:key-4"));
        Assert.False(await _redis.KeyExistsAsync(_prefix + "session-id:" + session.Id));
        Assert.False(await _redis.KeyExistsAsync(_prefix + "user-sessions:" + user.Id));
        Assert.False(await Sessions.DeleteUserSessionAsync(user.Id, session.Id, None));
    }

    [RequiresFact(Requirement.Redis)]
    public async Task CreateSession_AlreadyExpired_IsGoneAtOnce()
    {
        var user = await Users.CreateUserAsync(new SesameUser { Id = "" }, None);

        await Sessions.CreateSessionAsync(new SesameSession { Id = "", SessionKey = "key-5", UserId = user.Id, Expires = _clock.GetUtcNow().AddDays(-1) }, None);
        await Task.Delay(50);

        Assert.False(await _redis.KeyExistsAsync(_prefix + "session:key-5"));
    }

    private async Task AssertTtlAsync(TimeSpan expected, string key)
    {
        var ttl = await _redis.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, expected - Slack, expected);
    }
}
