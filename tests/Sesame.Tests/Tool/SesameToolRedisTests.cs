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
        await ConnectedAsync(() => users.GetUserAsync("nobody", CancellationToken.None));
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

    [RequiresFact(Requirement.Redis)]
    public async Task SessionsRevoke_NotifyRedis_TheRunningAppsCacheDropsTheSessionAtOnce()
    {
        // an app on SQLite whose session cache (60 s) is invalidated through Redis, as several instances would run
        var endPoint = await server.GetEndPointAsync();
        var prefix = RedisServer.NewPrefix("tool-notify");
        await using var database = await Sesame.Tests.Sessions.DatabaseApp.StartAsync(
            options =>
            {
                options.Session.Cache.Enabled = true;
                options.Session.Cache.Duration = TimeSpan.FromSeconds(60);
            },
            extend: sesame => sesame.AddStackExchangeRedisSessionCacheInvalidation(o =>
            {
                o.Configuration = endPoint;
                o.KeyPrefix = prefix;
            }));
        using var alice = database.App.CreateClient();
        await alice.SignInWithCredentialsAsync(Sesame.Tests.Infrastructure.TestUsers.Form("alice"));
        Assert.Equal("Alice", (string?)(await alice.GetSessionAsync())!["user"]!["name"]); // now cached
        var sqlite = $"Data Source={database.DatabasePath};Pooling=False";

        var revoked = await SesameToolTests.SesameAsync("sessions", "revoke", "--user", "u1", "--all", "-c", sqlite, "--notify-redis", endPoint, "--key-prefix", prefix);

        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        var signedOut = false;
        for (var attempt = 0; attempt < 50 && !signedOut; attempt++)
        {
            signedOut = (await alice.GetSessionAsync())!.AsObject().Count == 0;
            if (!signedOut)
            {
                await Task.Delay(20); // (pub/sub delivers within milliseconds; a cached session is not refused, so its cookie stays)
            }
        }

        Assert.True(signedOut, "the app kept serving the revoked session from its cache");
    }

    [Fact]
    public async Task SessionsList_UnreachableRedis_ExitsOneWithOneLine()
    {
        var result = await SesameToolTests.SesameAsync("sessions", "list", "--user", "u", "--provider", "redis", "--connection", "127.0.0.1:1,connectTimeout=500");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Could not use the redis store: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    /// <summary>
    /// Waits (up to 10 s) until Redis answers through the stores: they wait only a second for their first connection
    /// (an app's request fails closed fast), which a machine busy with builds can exceed.
    /// </summary>
    private static async Task ConnectedAsync(Func<Task> probe)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await probe();
                return;
            }
            catch (StackExchange.Redis.RedisConnectionException) when (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
            }
        }
    }
}
