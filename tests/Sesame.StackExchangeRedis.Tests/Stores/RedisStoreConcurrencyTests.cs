using Microsoft.Extensions.DependencyInjection;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Tests.Stores;

/// <summary>
/// Many writers at once, each an app instance of its own (its own connection), on one user's records: the scripts
/// keep every record and its indexes together, whatever the interleaving.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStoreConcurrencyTests(RedisServer server) : IAsyncLifetime
{
    private const int Instances = 4;
    private readonly string _prefix = RedisServer.NewPrefix("concurrency");
    private readonly List<ServiceProvider> _instances = [];
    private IDatabase _redis = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        if (Requirements.SkipReason(Requirement.Redis) is not null)
        {
            return;
        }

        var endPoint = await server.GetEndPointAsync();
        for (var i = 0; i < Instances; i++)
        {
            _instances.Add(RedisStores.BuildServices(endPoint, _prefix, TimeProvider.System));
        }

        _redis = await server.GetAdminDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    [RequiresFact(Requirement.Redis)]
    public async Task CreateUser_FiftyAtOnceWithOneEmail_ExactlyOneWinsAndTheIndexNamesIt()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                return (await Users(i).CreateUserAsync(new SesameUser { Id = $"user-{i}", Email = "same@example.com" }, None)).Id;
            }
            catch (SesameStoreConflictException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, (string?)await _redis.StringGetAsync(_prefix + "user-email:same@example.com"));
        Assert.Single(await new RedisDataReader(_redis, _prefix).KeysAsync(_prefix + "user:"));
    }

    [RequiresFact(Requirement.Redis)]
    public async Task SessionsOfOneUser_CreatedAndRevokedAtOnce_IndexAndRecordsAgree()
    {
        await Users(0).CreateUserAsync(new SesameUser { Id = "u" }, None);
        var expires = TimeProvider.System.GetUtcNow().AddHours(1);
        var revokedInTotal = 0;

        var writers = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var created = await Sessions(i).CreateSessionAsync(new SesameSession { Id = "", SessionKey = $"key-{i}", UserId = "u", Expires = expires }, None);
            if (i % 4 == 0 && await Sessions(i + 1).DeleteUserSessionAsync("u", created.Id, None))
            {
                Interlocked.Increment(ref revokedInTotal);
            }

            if (i % 50 == 49)
            {
                Interlocked.Add(ref revokedInTotal, await Sessions(i + 2).DeleteOtherUserSessionsAsync("u", created.Id, None));
            }
        }));
        await Task.WhenAll(writers);

        var stored = await new RedisDataReader(_redis, _prefix).ReadSessionsAsync("u", None);
        var indexed = (await _redis.SortedSetRangeByRankAsync(_prefix + "user-sessions:u")).Select(v => (string)v!).ToList();
        var byId = await Task.WhenAll(stored.Select(async s => (string?)await _redis.StringGetAsync(_prefix + "session-id:" + s.Id)));
        var listed = await Sessions(3).ListUserSessionsAsync("u", TimeProvider.System.GetUtcNow(), None);
        var idKeys = await new RedisDataReader(_redis, _prefix).KeysAsync(_prefix + "session-id:");

        // every session is either deleted exactly once (by id, or by a "sign out everywhere else") or still there, indexed
        Assert.Equal(200, stored.Count + revokedInTotal);
        Assert.Equal(stored.Select(s => s.Id).Order(), indexed.Order());
        Assert.Equal(stored.Select(s => s.SessionKey), byId);
        Assert.Equal(stored.Count, idKeys.Count);
        Assert.Equal(stored.Select(s => s.Id).Order(), listed.Select(s => s.Id).Order());
        Assert.Equal(stored.Count, await Sessions(0).DeleteUserSessionsAsync("u", None));
        Assert.Empty(await new RedisDataReader(_redis, _prefix).KeysAsync(_prefix + "session"));
    }

    private IUserStore Users(int i) => _instances[i % Instances].GetRequiredService<IUserStore>();

    private ISessionStore Sessions(int i) => _instances[i % Instances].GetRequiredService<ISessionStore>();
}
