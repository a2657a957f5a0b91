using Microsoft.Extensions.DependencyInjection;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.StackExchangeRedis.Tests.Infrastructure;

/// <summary>Builds the Redis stores the way an app does: through <c>AddSesame().AddStackExchangeRedisStores(…)</c>.</summary>
internal static class RedisStores
{
    /// <summary>The services of an app whose stores are all in Redis under <paramref name="prefix"/>, on <paramref name="clock"/>.</summary>
    public static ServiceProvider BuildServices(string endPoint, string prefix, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddSesame(_ => { }).AddStackExchangeRedisStores(o =>
        {
            o.Configuration = endPoint;
            o.KeyPrefix = prefix;
        });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>
    /// Waits until the services' Redis connection is made: a request waits only a second for a first connection (then
    /// fails closed), which a loaded CI machine running every test project at once can exceed; a specification test
    /// checks the store, not that wait.
    /// </summary>
    public static async Task ConnectAsync(IServiceProvider services) =>
        await services.GetRequiredService<Sesame.StackExchangeRedis.Shared.RedisConnection>().StartConnecting();

    /// <summary>The stores of <paramref name="services"/>, disposed with them when <paramref name="owner"/> is given.</summary>
    public static StoreUnderTest Create(IServiceProvider services, IStoreDataReader data, IAsyncDisposable? owner)
    {
        var scope = services.CreateAsyncScope();
        return new StoreUnderTest
        {
            Users = scope.ServiceProvider.GetRequiredService<IUserStore>(),
            Accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>(),
            Sessions = scope.ServiceProvider.GetRequiredService<ISessionStore>(),
            VerificationTokens = scope.ServiceProvider.GetRequiredService<IVerificationTokenStore>(),
            Data = data,
            Owner = new Owners(scope, owner),
        };
    }

    private sealed class Owners(AsyncServiceScope scope, IAsyncDisposable? owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            if (owner is not null)
            {
                await owner.DisposeAsync();
            }
        }
    }
}
