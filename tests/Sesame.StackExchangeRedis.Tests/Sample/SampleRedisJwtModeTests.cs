using System.Net;
using System.Text.Json.Nodes;
using Sesame.Tests.Sample;

namespace Sesame.StackExchangeRedis.Tests.Sample;

public sealed class SampleRedisJwtFixture : SampleOnRedis
{
    protected override string? Strategy => null;
}

/// <summary>
/// In JWT mode <c>ConnectionStrings__Redis</c> makes the sample's JWT sessions revocable with the default bound: the
/// session cookie is still an encrypted JWT, its session is registered in Redis (TTL = the token's expiry), and the
/// sessions API (list, revoke one, the others, all) works as in database mode.
/// </summary>
public sealed class SampleRedisJwtModeTests(SampleRedisJwtFixture fixture) : SampleSessionsApiContract, IClassFixture<SampleRedisJwtFixture>
{
    protected override Uri Address => fixture.Apps[0].Address;

    [Fact]
    public async Task JwtMode_WithConnectionStringsRedis_JwtCookieWithItsSessionRegisteredInRedis()
    {
        using var client = fixture.Client();
        await client.SignInAsync("admin");

        using var me = await client.GetAsync("/api/me");
        using var admin = await client.GetAsync("/api/admin");
        var session = JsonNode.Parse(await me.Content.ReadAsStringAsync())!;
        var sessionId = await client.CurrentSessionIdAsync();
        var redis = await fixture.Redis.GetAdminDatabaseAsync();
        var ttl = await redis.KeyTimeToLiveAsync("sesame:jwt-session:" + sessionId);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("2", session["user"]!["id"]!.GetValue<string>());
        Assert.True(client.Cookies["next-auth.session-token"].Length > 100, "not a JWT cookie"); // an encrypted JWT, not a 43-character database token
        Assert.Equal("2", (string?)await redis.HashGetAsync("sesame:jwt-session:" + sessionId, "userId"));
        Assert.Contains(sessionId, (await redis.SortedSetRangeByRankAsync("sesame:user-jwt-sessions:2")).Select(v => (string)v!));
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)); // the default maxAge
        Assert.False(await redis.KeyExistsAsync("sesame:user:2"), "JWT mode keeps no users in Redis");
        Assert.False(File.Exists(fixture.SqlitePath), "the sample made a SQLite database in JWT mode");
    }

    [Fact]
    public async Task SignOut_JwtMode_RegistrationGoneAndACopyOfTheCookieRefused()
    {
        using var client = fixture.Client();
        await client.SignInAsync();
        var sessionId = await client.CurrentSessionIdAsync();
        using var copy = client.SameBrowserOn(fixture.Client());
        var csrf = await client.GetCsrfTokenAsync();

        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        using var copyAfter = await copy.GetAsync("/api/me");
        var redis = await fixture.Redis.GetAdminDatabaseAsync();

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, copyAfter.StatusCode);
        Assert.False(await redis.KeyExistsAsync("sesame:jwt-session:" + sessionId));
    }
}
