using System.Net;
using System.Text.Json.Nodes;
using Sesame.StackExchangeRedis.Tests.Infrastructure;

namespace Sesame.StackExchangeRedis.Tests.Sample;

public sealed class SampleRedisJwtFixture : SampleOnRedis
{
    protected override string? Strategy => null;
}

/// <summary>
/// In JWT mode <c>ConnectionStrings__Redis</c> changes nothing yet (revocable JWT sessions come with the session
/// pipeline): the sample works as without it and writes nothing to Redis.
/// </summary>
public sealed class SampleRedisJwtModeTests(SampleRedisJwtFixture fixture) : IClassFixture<SampleRedisJwtFixture>
{
    [Fact]
    public async Task JwtMode_WithConnectionStringsRedis_WorksAsBeforeAndWritesNothingToRedis()
    {
        using var client = fixture.Client();
        await client.SignInAsync("admin");

        using var me = await client.GetAsync("/api/me");
        using var admin = await client.GetAsync("/api/admin");
        var session = JsonNode.Parse(await me.Content.ReadAsStringAsync())!;
        var keys = await new RedisDataReader(await fixture.Redis.GetAdminDatabaseAsync(), "").KeysAsync("");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("2", session["user"]!["id"]!.GetValue<string>());
        Assert.True(client.Cookies["next-auth.session-token"].Length > 100, "not a JWT cookie"); // an encrypted JWT, not a 43-character database token
        Assert.Empty(keys);
    }
}
