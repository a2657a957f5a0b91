using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>Builds the EF Core stores the way an app does: through <c>AddSesame().AddEntityFrameworkCoreStores&lt;TContext&gt;()</c>.</summary>
internal static class EntityFrameworkCoreStores
{
    /// <summary>The services of an app that registers <typeparamref name="TContext"/> with <c>AddDbContext</c>, or <c>AddDbContextPool</c> when <paramref name="pooled"/>.</summary>
    public static ServiceProvider BuildServices<TContext>(Action<DbContextOptionsBuilder> configure, bool pooled = false)
        where TContext : DbContext
    {
        var services = new ServiceCollection();
        if (pooled)
        {
            services.AddDbContextPool<TContext>(configure);
        }
        else
        {
            services.AddDbContext<TContext>(configure);
        }

        services.AddSesame(_ => { }).AddEntityFrameworkCoreStores<TContext>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Stores from a new scope (so a new context), disposed with it.</summary>
    public static StoreUnderTest Create(IServiceProvider services, IStoreDataReader data)
    {
        var scope = services.CreateAsyncScope();
        return new StoreUnderTest
        {
            Users = scope.ServiceProvider.GetRequiredService<IUserStore>(),
            Accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>(),
            Sessions = scope.ServiceProvider.GetRequiredService<ISessionStore>(),
            VerificationTokens = scope.ServiceProvider.GetRequiredService<IVerificationTokenStore>(),
            Data = data,
            Owner = scope,
        };
    }
}
