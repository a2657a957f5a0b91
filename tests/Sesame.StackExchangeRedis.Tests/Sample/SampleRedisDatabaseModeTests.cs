using System.Net;
using Sesame.Testing;
using Sesame.Tests.Sample;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Tests.Sample;

public sealed class SampleRedisFixture : SampleOnRedis;

/// <summary>
/// The sample's database-mode contract (the same tests as on SQLite: sign-in, roles, update, sign-out, the sessions
/// API with its CSRF rule) with every store in Redis, and the keys really there.
/// </summary>
public sealed class SampleRedisDatabaseModeTests(SampleRedisFixture fixture) : SampleDatabaseModeContract, IClassFixture<SampleRedisFixture>
{
    protected override Uri Address => fixture.Apps[0].Address;

    [Fact]
    public async Task SignIn_WithConnectionStringsRedis_KeepsUserAndSessionInRedisWithTheSessionsTtl()
    {
        using var client = fixture.Client();
        await client.SignInAsync("admin");
        var sessionId = await client.CurrentSessionIdAsync();
        var redis = await fixture.Redis.GetAdminDatabaseAsync();

        var sessionKey = (string?)await redis.StringGetAsync("sesame:session-id:" + sessionId);
        var ttl = await redis.KeyTimeToLiveAsync("sesame:session:" + sessionKey);

        Assert.NotNull(sessionKey);
        Assert.Equal("2", (string?)await redis.HashGetAsync("sesame:session:" + sessionKey, "userId"));
        Assert.Equal("Admin User", (string?)await redis.HashGetAsync("sesame:user:2", "name"));
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)); // the default maxAge
        Assert.False(File.Exists(fixture.SqlitePath), "the sample made a SQLite database although Redis keeps its stores");
    }

    [Fact]
    public async Task Revoke_InRedis_IsGoneAndTheCookieRefused()
    {
        using var laptop = fixture.Client();
        using var phone = fixture.Client();
        await laptop.SignInAsync();
        await phone.SignInAsync();
        var laptopId = await laptop.CurrentSessionIdAsync();
        var redis = await fixture.Redis.GetAdminDatabaseAsync();

        using var revoke = await phone.RevokeAsync(laptopId);
        using var after = await laptop.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.False(await redis.KeyExistsAsync("sesame:session-id:" + laptopId));
        Assert.DoesNotContain(laptopId, (await redis.SortedSetRangeByRankAsync("sesame:user-sessions:1")).Select(v => (string)v!));
    }
}
