using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sesame;
using Sesame.StackExchangeRedis;
using Sesame.StackExchangeRedis.Configuration;
using Sesame.StackExchangeRedis.Shared;
using Sesame.StackExchangeRedis.Stores;
using Sesame.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Sesame's Redis stores (StackExchange.Redis).</summary>
public static class SesameBuilderStackExchangeRedisExtensions
{
    /// <summary>
    /// Keeps everything in Redis: users, accounts, sessions and verification tokens, so that any number of app
    /// instances sharing the Redis (and the secret) are one system. The stores share one <c>IConnectionMultiplexer</c>:
    /// the app's own when it registered one, else one made from <see cref="SesameRedisOptions.Configuration"/>.
    /// Options are validated at start-up.
    /// </summary>
    public static SesameBuilder AddStackExchangeRedisStores(this SesameBuilder builder, Action<SesameRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        AddConnection(services, configure);
        services.AddSingleton<IUserStore>(sp => new RedisUserStore(sp.GetRequiredService<RedisConnection>()));
        services.AddSingleton<IAccountStore>(sp => new RedisAccountStore(sp.GetRequiredService<RedisConnection>()));
        services.AddSingleton<ISessionStore>(sp => new RedisSessionStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IVerificationTokenStore>(sp => new RedisVerificationTokenStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>()));
        AddCacheNotifier(services);
        return builder;
    }

    /// <summary>Keeps everything in Redis (<see cref="AddStackExchangeRedisStores(SesameBuilder, Action{SesameRedisOptions})"/>) over the configuration string <paramref name="configuration"/>.</summary>
    public static SesameBuilder AddStackExchangeRedisStores(this SesameBuilder builder, string configuration) =>
        builder.AddStackExchangeRedisStores(options => options.Configuration = configuration);

    /// <summary>
    /// Keeps only the sessions in Redis, in front of another store that keeps users, accounts and verification tokens
    /// (e.g. <c>AddEntityFrameworkCoreStores</c>, which must be called first): the session read on every request, and
    /// revocations, then reach every instance without touching SQL except for the session's user. The registered user
    /// store is wrapped so that deleting a user also deletes the user's Redis sessions.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <see cref="IUserStore"/> is registered yet.</exception>
    public static SesameBuilder AddStackExchangeRedisSessionStore(this SesameBuilder builder, Action<SesameRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        var users = services.LastOrDefault(d => d.ServiceType == typeof(IUserStore) && !d.IsKeyedService)
            ?? throw new InvalidOperationException(
                "AddStackExchangeRedisSessionStore keeps sessions in front of another user store: register the users first (e.g. AddEntityFrameworkCoreStores<TContext>()), then call it.");
        AddConnection(services, configure);

        services.Remove(users);
        services.Add(ServiceDescriptor.Describe(typeof(IUserStore), sp =>
        {
            var inner = (IUserStore)Create(users, sp);
            var redisSessions = new RedisSessionStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>(), inner);
            return new SessionRevokingUserStore(inner, redisSessions);
        }, users.Lifetime));

        // Scoped like the user store it reads through (EF Core's lives as long as its DbContext).
        services.RemoveAll<ISessionStore>();
        services.Add(ServiceDescriptor.Describe(typeof(ISessionStore), sp => new RedisSessionStore(
            sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IUserStore>()), users.Lifetime));
        AddCacheNotifier(services);
        return builder;
    }

    /// <summary>Keeps only the sessions in Redis (<see cref="AddStackExchangeRedisSessionStore(SesameBuilder, Action{SesameRedisOptions})"/>) over the configuration string <paramref name="configuration"/>.</summary>
    public static SesameBuilder AddStackExchangeRedisSessionStore(this SesameBuilder builder, string configuration) =>
        builder.AddStackExchangeRedisSessionStore(options => options.Configuration = configuration);

    /// <summary>
    /// Tells every instance sharing the Redis when a user's database sessions change, so that the session cache
    /// (<c>Session.Cache.Enabled</c>) of each forgets them at once: for sessions kept in SQL (EF Core) by several
    /// instances. <see cref="AddStackExchangeRedisStores(SesameBuilder, Action{SesameRedisOptions})"/> and
    /// <see cref="AddStackExchangeRedisSessionStore(SesameBuilder, Action{SesameRedisOptions})"/> do this already.
    /// </summary>
    public static SesameBuilder AddStackExchangeRedisSessionCacheInvalidation(this SesameBuilder builder, Action<SesameRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddConnection(builder.Services, configure);
        AddCacheNotifier(builder.Services);
        return builder;
    }

    /// <summary>The session cache's invalidation on Redis (<see cref="AddStackExchangeRedisSessionCacheInvalidation(SesameBuilder, Action{SesameRedisOptions})"/>) over the configuration string <paramref name="configuration"/>.</summary>
    public static SesameBuilder AddStackExchangeRedisSessionCacheInvalidation(this SesameBuilder builder, string configuration) =>
        builder.AddStackExchangeRedisSessionCacheInvalidation(options => options.Configuration = configuration);

    private static void AddCacheNotifier(IServiceCollection services) =>
        services.TryAddSingleton<Sesame.Sessions.Caching.ISessionCacheNotifier>(sp => new Sesame.StackExchangeRedis.Caching.RedisSessionCacheNotifier(
            sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Sesame.StackExchangeRedis.Caching.RedisSessionCacheNotifier>>()));

    internal static void AddConnection(IServiceCollection services, Action<SesameRedisOptions> configure)
    {
        services.AddOptions<SesameRedisOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesameRedisOptions>, SesameRedisOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisConnection>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisConnectionStarter>());
    }

    private static object Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
