using Sesame;
using Sesame.Stores;
using Sesame.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory store for tests.</summary>
public static class SesameBuilderInMemoryStoreExtensions
{
    /// <summary>
    /// Registers <paramref name="store"/> (or a new <see cref="InMemorySesameStore"/>) as the user, account, session
    /// and verification token store. For tests only: nothing survives the process.
    /// </summary>
    public static SesameBuilder AddInMemoryStores(this SesameBuilder builder, InMemorySesameStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        store ??= new InMemorySesameStore();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IUserStore>(store);
        builder.Services.AddSingleton<IAccountStore>(store);
        builder.Services.AddSingleton<ISessionStore>(store);
        builder.Services.AddSingleton<IVerificationTokenStore>(store);
        return builder;
    }
}
