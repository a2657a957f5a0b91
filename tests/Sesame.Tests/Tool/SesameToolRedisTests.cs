using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.Tests.Tool;

/// <summary><c>sesame sessions list|revoke --provider redis</c> against a real, throw-away Redis server and the Redis stores.</summary>
public sealed class SesameToolRedisTests(RedisServer server) : IClassFixture<RedisServer>
{
    [RequiresFact(Requirement.Redis)]
    public async Task SessionsListAndRevokeAll_Redis_ShowThenRemoveTheUsersSessions()
    {
        var endPoint = await server.GetEndPointAsync();
        var prefix = RedisServer.NewPrefix("tool");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSesame(_ => { }).AddStackExchangeRedisStores(o =>
        {
            o.Configuration = endPoint;
            o.KeyPrefix = prefix;
        });
        await using var provider = services.BuildServiceProvider();
        var users = provider.GetRequiredService<IUserStore>();
        var sessions = provider.GetRequiredService<ISessionStore>();
        await users.CreateUserAsync(new SesameUser { Id = "redis_user", Email = "redis@example.com" }, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var created = await sessions.CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = "redis-key", UserId = "redis_user", Expires = now.AddDays(1), CreatedAt = now, LastSeenAt = now, UserAgent = "Redis/1.0" },
            CancellationToken.None);

        var listed = await SesameToolTests.SesameAsync("sessions", "list", "--user", "redis_user", "--provider", "redis", "--connection", endPoint, "--key-prefix", prefix, "--json");
        var revoked = await SesameToolTests.SesameAsync("sessions", "revoke", "--user", "redis_user", "--all", "-p", "redis", "-c", endPoint, "--key-prefix", prefix);

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var only = Assert.Single(JsonNode.Parse(listed.StandardOutput)!.AsArray());
        Assert.Equal(created.Id, (string?)only!["id"]);
        Assert.Equal("Redis/1.0", (string?)only["userAgent"]);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains("Revoked 1 session of user redis_user.", revoked.StandardOutput, StringComparison.Ordinal);
        Assert.Null(await sessions.GetSessionAndUserAsync("redis-key", CancellationToken.None));
    }

    [Fact]
    public async Task SessionsList_UnreachableRedis_ExitsOneWithOneLine()
    {
        var result = await SesameToolTests.SesameAsync("sessions", "list", "--user", "u", "--provider", "redis", "--connection", "127.0.0.1:1,connectTimeout=500");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Could not use the redis store: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }
}
