using System.Diagnostics;
using System.Globalization;
using System.Net;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Sesame.StackExchangeRedis.Tests.Sample;

public sealed class TwoCachedSamplesOnRedisFixture : SampleOnRedis
{
    protected override int Instances => 2;

    protected override IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["Sesame__Session__Cache__Enabled"] = "true", // the default duration: 5 s
    };
}

/// <summary>
/// Two sample processes in database mode on one Redis with the session cache on: each serves a session it read within
/// the last 5 s from memory, yet a sign-out or revocation on one reaches the other at once through pub/sub, and a change
/// made behind Sesame's back (keys deleted in Redis) within the cache's duration.
/// </summary>
public sealed class SampleMultiInstanceCachedTests(TwoCachedSamplesOnRedisFixture fixture, ITestOutputHelper output) : IClassFixture<TwoCachedSamplesOnRedisFixture>
{
    private const int A = 0;
    private const int B = 1;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    /// <summary>10 times: A has the session cached; B revokes it; A refuses it on its next request, or within a few ms.</summary>
    [Fact]
    public async Task RevokeOnB_SessionCachedOnA_RefusedOnAAtOnce()
    {
        using var phoneOnB = fixture.Client(B);
        await phoneOnB.SignInAsync();
        var delays = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            using var laptopOnA = fixture.Client(A);
            await laptopOnA.SignInAsync();
            var laptopId = await laptopOnA.CurrentSessionIdAsync(); // read on A: cached there now
            using (var cached = await laptopOnA.GetAsync("/api/me"))
            {
                Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
            }

            using var revoke = await phoneOnB.RevokeAsync(laptopId);
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            delays.Add((await RefusedAfterAsync(laptopOnA)).TotalMilliseconds);
        }

        delays.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"revoked on B -> refused on A (cached, pub/sub): median {(delays[4] + delays[5]) / 2:F1} ms, max {delays[^1]:F1} ms"));
        // pub/sub, not the duration, is what ended them: most within a fraction of it
        Assert.True(delays[4] < Duration.TotalMilliseconds / 2, $"median {delays[4]:F0} ms");
    }

    [Fact]
    public async Task SignOutOnB_SessionCachedOnA_RefusedOnA()
    {
        using var onA = fixture.Client(A);
        await onA.SignInAsync();
        using (var cached = await onA.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        using var onB = onA.SameBrowserOn(fixture.Client(B));
        var csrf = await onB.GetCsrfTokenAsync();
        using var signOut = await onB.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);

        var delay = await RefusedAfterAsync(onA);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"signed out on B -> refused on A after {delay.TotalMilliseconds:F1} ms"));
    }

    /// <summary>
    /// The session's keys deleted in Redis with nothing published: A, which read the session just before, still serves
    /// it (the cache is really used), and refuses it once its entry is older than the duration.
    /// </summary>
    [Fact]
    public async Task SessionDeletedBehindSesamesBack_ServedFromTheCacheAtMostTheDuration()
    {
        using var onA = fixture.Client(A);
        await onA.SignInAsync("admin");
        using (var cached = await onA.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        var since = Stopwatch.StartNew();
        var redis = await fixture.Redis.GetAdminDatabaseAsync();
        var server = redis.Multiplexer.GetServers()[0];
        foreach (var key in server.Keys(pattern: "sesame:session:*").ToList())
        {
            await redis.KeyDeleteAsync(key);
        }

        using (var stillCached = await onA.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, stillCached.StatusCode);
        }

        using (var onB = onA.SameBrowserOn(fixture.Client(B)))
        using (var notCachedOnB = await onB.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, notCachedOnB.StatusCode); // B never read it: it asks Redis
        }

        var refusedAfter = since.Elapsed + await RefusedAfterAsync(onA);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deleted behind Sesame's back -> refused on A after {refusedAfter.TotalMilliseconds:F0} ms (duration {Duration.TotalMilliseconds:F0} ms)"));
    }

    /// <summary>Asks <c>/api/me</c> until the cookie is refused (200 until then), within the duration plus slack for a loaded 2-core CI machine.</summary>
    private static async Task<TimeSpan> RefusedAfterAsync(Sesame.Testing.SesameTestClient client) =>
        (await client.WaitForStatusAsync("/api/me", HttpStatusCode.Unauthorized, Duration + TimeSpan.FromSeconds(3), meanwhile: HttpStatusCode.OK)).Elapsed;
}
