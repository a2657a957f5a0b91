using Microsoft.Extensions.DependencyInjection;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>TOTP stores and users from an app's services, each store in a scope (so a context) of its own, disposed with the test.</summary>
internal sealed class EntityFrameworkCoreTotpStores(IServiceProvider services) : IAsyncDisposable
{
    private readonly List<AsyncServiceScope> _scopes = [];

    public ITotpStore Create()
    {
        var scope = services.CreateAsyncScope();
        lock (_scopes)
        {
            _scopes.Add(scope);
        }

        return scope.ServiceProvider.GetRequiredService<ITotpStore>();
    }

    public async Task<string> CreateUserAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IUserStore>()
            .CreateUserAsync(new SesameUser { Id = "", Email = $"totp-{StoreIds.NewId()}@example.com" }, CancellationToken.None);
        return user.Id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }
    }
}
