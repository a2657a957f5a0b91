using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame;
using Sesame.Access;
using Sesame.Authentication;
using Sesame.Authorization;
using Sesame.Configuration;
using Sesame.Diagnostics;
using Sesame.Endpoints;
using Sesame.Events;
using Sesame.Http;
using Sesame.Jwt;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Sessions.Revocation;
using Sesame.SignIn;

// Public extension classes live in the framework's namespaces so that users find them without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Sesame.</summary>
public static class SesameServiceCollectionExtensions
{
    /// <summary>
    /// Adds Sesame: options (read from <c>AUTH_SECRET</c>/<c>AUTH_URL</c> when not set, validated at start-up), the token
    /// codec, the session strategy and the endpoints' handlers. Map the endpoints with <c>app.MapSesame()</c>.
    /// Also registers the <see cref="SesameDefaults.AuthenticationScheme"/> authentication scheme (the default scheme
    /// unless the app chose one), so that <c>[Authorize]</c>, <c>RequireAuthorization()</c>, policies and
    /// <c>HttpContext.User</c> work from the session, and the <see cref="SesameDefaults.FreshUserPolicy"/> policy.
    /// </summary>
    public static SesameBuilder AddSesame(this IServiceCollection services, Action<SesameOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SesameOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SesameOptions>, SesameConfigurationDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesameOptions>, SesameOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SesameSettings>();
        services.TryAddSingleton<IJwtCodec>(provider =>
        {
            var settings = provider.GetRequiredService<SesameSettings>();
            return new NextAuthJwtCodec(settings.Secrets, settings.Format, provider.GetRequiredService<TimeProvider>());
        });
        // The decoded-token memo wraps whichever codec the app ends up with, a replaced one too.
        services.TryAddSingleton(provider => new CachingJwtCodec(provider.GetRequiredService<IJwtCodec>(), provider.GetRequiredService<TimeProvider>()));
        services.AddMetrics();
        services.TryAddSingleton(provider => new SesameMetrics(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<SesameSettings>().Strategy));
        services.TryAddSingleton(provider => new SessionEvents(provider.GetRequiredService<SesameSettings>().Events, provider.GetRequiredService<ILogger<SessionEvents>>()));
        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<SesameSettings>();
            return new JwtSessionRevocation(
                settings,
                settings.JwtRevocable ? provider.GetRequiredService<ISessionRevocationStore>() : null,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<SesameMetrics>(),
                provider.GetRequiredService<ILogger<JwtSessionRevocation>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, JwtSessionRevocationStarter>());
        services.TryAddSingleton<SignedOutJwtSessions>();
        services.TryAddSingleton<JwtSessionStrategy>();
        services.TryAddSingleton(provider => new Sesame.Sessions.Caching.DatabaseSessionCache(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SesameOptions>>().Value.Session.Cache,
            provider.GetService<Sesame.Sessions.Caching.ISessionCacheNotifier>(),
            provider.GetRequiredService<ILogger<Sesame.Sessions.Caching.DatabaseSessionCache>>()));
        services.TryAddSingleton<DatabaseSessionStrategy>();
        // Decided once, at start-up: no request asks "which strategy?" again.
        services.TryAddSingleton<ISessionStrategy>(provider => provider.GetRequiredService<SesameSettings>().Strategy == SessionStrategy.Database
            ? provider.GetRequiredService<DatabaseSessionStrategy>()
            : provider.GetRequiredService<JwtSessionStrategy>());
        services.TryAddSingleton<SessionLifetimePolicy>();
        services.TryAddSingleton<SessionUserCheck>();
        services.TryAddSingleton<Sesame.Security.SignInRateLimiter>();
        services.TryAddSingleton<SessionPipeline>();
        services.TryAddScoped(provider => new SesameSessionManager(
            provider.GetRequiredService<ISessionStrategy>().DirectoryFor(provider) ?? throw new InvalidOperationException("SesameSessionManager needs sessions kept server-side: register a session store, e.g. with AddEntityFrameworkCoreStores<TContext>(), and use Session.Strategy = Database; or, with JWT sessions, set Jwt.Revocable and register a revocation store (AddStackExchangeRedisSessionRevocation, AddInMemorySessionRevocation)."),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<SesameMetrics>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SesameSessionManager>>()));
        services.TryAddSingleton<PublicUrls>();
        services.TryAddSingleton<SignInUsers>();
        services.TryAddSingleton<SignInPipeline>();
        services.TryAddSingleton<JsonBodyWriter>();
        services.TryAddSingleton<SessionHandler>();
        services.TryAddSingleton<SignInHandler>();
        services.TryAddSingleton<CallbackHandler>();
        services.TryAddSingleton<SignOutHandler>();
        services.TryAddSingleton<PageHandler>();
        services.TryAddSingleton<AuthEndpoint>();
        AddAccess(services);
        return new SesameBuilder(services);
    }

    /// <summary>Server-side access: the authentication scheme, the fresh-user policy, and what they share.</summary>
    private static void AddAccess(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesameOptions>, SesameAccessOptionsValidator>());
        services.TryAddSingleton<SessionResolver>();
        services.TryAddSingleton<AccessResponses>();
        services.TryAddSingleton<UserValidator>();
        services.TryAddTransient<SesameAuthenticationHandler>();
        services.AddAuthentication();
        services.Configure<AuthenticationOptions>(options =>
        {
            if (!options.SchemeMap.ContainsKey(SesameDefaults.AuthenticationScheme))
            {
                options.AddScheme(SesameDefaults.AuthenticationScheme, scheme => scheme.HandlerType = typeof(SesameAuthenticationHandler));
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AuthenticationOptions>, SesameAuthenticationDefaults>());
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, FreshUserAuthorizationHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, FreshSessionAuthorizationHandler>());
        services.Configure<AuthorizationOptions>(options =>
        {
            if (options.GetPolicy(SesameDefaults.FreshUserPolicy) is null)
            {
                options.AddPolicy(SesameDefaults.FreshUserPolicy, policy => policy.RequireFreshUser());
            }
        });
    }
}
