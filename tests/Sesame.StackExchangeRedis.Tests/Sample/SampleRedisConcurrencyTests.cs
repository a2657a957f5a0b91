using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Sesame.StackExchangeRedis.Tests.Sample;

/// <summary>
/// Concurrent writes of one user through two sample instances on one Redis lose and duplicate nothing. The instances
/// keep StackExchange.Redis's default timeouts: on this 2-core machine, 100 simultaneous sign-ins can hold a command
/// past the fault tests' half-second timeout, which would test the machine, not the stores.
/// </summary>
public sealed class SampleRedisConcurrencyTests(TwoSamplesOnRedisFixture fixture) : IClassFixture<TwoSamplesOnRedisFixture>
{
    /// <summary>
    /// 100 sign-ins of one user spread over both instances, half of them revoking their own session as soon as they
    /// have it, all at once; then every survivor runs "sign out everywhere" at once. Every session is created exactly
    /// once, the device list holds exactly the survivors, and the concurrent revocations together delete each exactly once.
    /// </summary>
    [Fact]
    public async Task HundredConcurrentSignInsAndRevocations_OneUser_NoSessionLostOrDuplicated()
    {
        const int count = 100;
        using (var first = fixture.Client())
        {
            await first.SignInAsync("admin"); // the user exists before the race: see FirstSignIns below
            await first.PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", await first.GetCsrfTokenAsync())]);
        }

        var clients = Enumerable.Range(0, count).Select(i => fixture.Client(i % 2)).ToArray();
        var ids = new ConcurrentDictionary<int, string>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            using var signIn = await client.SignInAsync("admin");
            statuses.Add(signIn.StatusCode);
            ids[i] = await client.CurrentSessionIdAsync();
            if (i % 2 == 1)
            {
                using var revoke = await client.RevokeAsync(ids[i]);
                statuses.Add(revoke.StatusCode);
            }
        })));

        var survivors = Enumerable.Range(0, count).Where(i => i % 2 == 0).ToArray();
        var listed = await clients[0].SessionIdsAsync();
        var redis = await fixture.Redis.GetAdminDatabaseAsync();
        var indexed = (await redis.SortedSetRangeByRankAsync("sesame:user-sessions:2")).Select(v => (string)v!).ToList();
        var meStatuses = await Task.WhenAll(clients.Select(async c => (await c.GetAsync("/api/me")).StatusCode));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(count, ids.Values.Distinct().Count());
        Assert.Equal(survivors.Select(i => ids[i]).Order(), listed.Order());
        Assert.Equal(survivors.Select(i => ids[i]).Order(), indexed.Order());
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(i % 2 == 0 ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, meStatuses[i]));

        var revokedCounts = await Task.WhenAll(survivors.Select(i => Task.Run(async () =>
        {
            using var response = await clients[i].PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", await clients[i].GetCsrfTokenAsync())]);
            return response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["revoked"]!.GetValue<int>()
                : 0;
        })));

        Assert.Equal(survivors.Length, revokedCounts.Sum());
        Assert.False(await redis.KeyExistsAsync("sesame:user-sessions:2"));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// The first sign-ins of a user Redis does not know yet, many at once on both instances: each creates the user row
    /// if it is missing, and a loser of that race must still get its session.
    /// </summary>
    [Fact]
    public async Task ConcurrentFirstSignIns_UserNotYetStored_EverySignInGetsASession()
    {
        var redis = await fixture.Redis.GetAdminDatabaseAsync();
        using (var first = fixture.Client())
        {
            await first.SignInAsync();
            await first.PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", await first.GetCsrfTokenAsync())]);
        }

        Assert.True(await redis.KeyDeleteAsync("sesame:user:1"));
        await redis.KeyDeleteAsync("sesame:user-email:demo@example.com");
        var clients = Enumerable.Range(0, 20).Select(i => fixture.Client(i % 2)).ToArray();

        await Task.WhenAll(clients.Select(c => Task.Run(() => c.SignInAsync())));
        var statuses = await Task.WhenAll(clients.Select(async c => (await c.GetAsync("/api/me")).StatusCode));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
