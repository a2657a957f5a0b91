using Microsoft.Extensions.Logging;
using Sesame;
using Sesame.Sessions.Revocation;
using Sesame.StackExchangeRedis;
using Sesame.StackExchangeRedis.Revocation;
using Sesame.StackExchangeRedis.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers revocable JWT sessions on Redis (StackExchange.Redis).</summary>
public static class SesameBuilderStackExchangeRedisRevocationExtensions
{
    /// <summary>
    /// Makes JWT sessions revocable (turns on <c>Jwt.Revocable</c>) with their registrations in Redis, shared by every
    /// instance: a sign-out or revocation on one instance reaches the others at once through Redis pub/sub, and within
    /// <c>Jwt.RevocationCheckInterval</c> if a notification is lost. While Redis is down, sessions the instance has not
    /// checked within the interval read as signed out (their cookies kept) and sign-ins fail; both recover by themselves.
    /// Shares the connection of the other Redis stores when they are registered too.
    /// </summary>
    public static SesameBuilder AddStackExchangeRedisSessionRevocation(this SesameBuilder builder, Action<SesameRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        SesameBuilderStackExchangeRedisExtensions.AddConnection(builder.Services, configure);
        builder.Services.AddSingleton<ISessionRevocationStore>(sp => new RedisSessionRevocationStore(
            sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisSessionRevocationStore>>()));
        builder.Services.Configure<SesameOptions>(options => options.Jwt.Revocable = true);
        return builder;
    }

    /// <summary>Revocable JWT sessions on Redis (<see cref="AddStackExchangeRedisSessionRevocation(SesameBuilder, Action{SesameRedisOptions})"/>) over the configuration string <paramref name="configuration"/>.</summary>
    public static SesameBuilder AddStackExchangeRedisSessionRevocation(this SesameBuilder builder, string configuration) =>
        builder.AddStackExchangeRedisSessionRevocation(options => options.Configuration = configuration);
}
