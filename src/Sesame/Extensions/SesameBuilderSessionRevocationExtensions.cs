using Microsoft.Extensions.DependencyInjection.Extensions;
using Sesame;
using Sesame.Sessions.Revocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers where revocable JWT sessions are kept.</summary>
public static class SesameBuilderSessionRevocationExtensions
{
    /// <summary>
    /// Makes JWT sessions revocable (<c>Jwt.Revocable</c>) with their registrations in this process
    /// (<see cref="InMemorySessionRevocationStore"/>): for an app that runs as one instance, and for tests. Instances that
    /// must be one app share a store instead (<c>AddStackExchangeRedisSessionRevocation</c>).
    /// </summary>
    public static SesameBuilder AddInMemorySessionRevocation(this SesameBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ISessionRevocationStore>(sp => new InMemorySessionRevocationStore(sp.GetRequiredService<TimeProvider>()));
        builder.Services.Configure<SesameOptions>(options => options.Jwt.Revocable = true);
        return builder;
    }
}
