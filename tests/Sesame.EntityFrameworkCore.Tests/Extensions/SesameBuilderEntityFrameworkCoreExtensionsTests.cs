using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Tests.Extensions;

public sealed class SesameBuilderEntityFrameworkCoreExtensionsTests
{
    [Fact]
    public void AddEntityFrameworkCoreStores_EveryRole_IsScopedAndUsesTheScopesContext()
    {
        var services = new ServiceCollection();
        services.AddDbContext<SesameDbContext>(o => o.UseSqlite("Data Source=:memory:"));

        services.AddSesame(_ => { }).AddEntityFrameworkCoreStores<SesameDbContext>();

        Type[] roles = [typeof(IUserStore), typeof(IAccountStore), typeof(ISessionStore), typeof(IVerificationTokenStore)];
        Assert.All(roles, role => Assert.Equal(ServiceLifetime.Scoped, Assert.Single(services, d => d.ServiceType == role).Lifetime));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var scope = provider.CreateScope();
        Assert.All(roles, role => Assert.NotNull(scope.ServiceProvider.GetRequiredService(role)));
        Assert.NotSame(
            scope.ServiceProvider.GetRequiredService<ISessionStore>(),
            provider.CreateScope().ServiceProvider.GetRequiredService<ISessionStore>());
    }
}
