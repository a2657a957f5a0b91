using Sesame.Testing;

namespace Sesame.StackExchangeRedis.Tests.Infrastructure;

/// <summary>The Redis tests cannot pass by skipping in CI: a missing redis-server fails them there.</summary>
public sealed class RedisServerTests
{
    [Fact]
    public void Requirement_InCi_IsNeverSkipped_ElseSkippedOnlyWhenRedisServerIsMissing()
    {
        var reason = Requirements.SkipReason(Requirement.Redis);

        if (Requirements.IsCi)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Equal(Requirements.FindOnPath("redis-server") is null, reason is not null);
        }
    }

    [Fact]
    public async Task Start_RedisServerNotInstalled_FailsWithHowToInstall()
    {
        await using var server = new RedisServer(findBinary: () => null, durable: false);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(server.GetEndPointAsync);

        Assert.Contains("redis-server is not installed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/install-prereqs.sh", failure.Message, StringComparison.Ordinal);
    }
}
