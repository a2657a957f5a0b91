using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Blazor.WebAssembly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Blazor WebAssembly's authentication state from the Sesame session.</summary>
public static class SesameWebAssemblyServiceCollectionExtensions
{
    /// <summary>
    /// Makes the Sesame session, read from the server's <c>GET {BasePath}/session</c>, the app's authentication state
    /// (<c>AuthorizeView</c>, <c>[Authorize]</c> components, cascading <c>Task&lt;AuthenticationState&gt;</c>), read
    /// again every <see cref="SesameWebAssemblyOptions.RevalidationInterval"/>. Call in the WebAssembly client's <c>Program</c>.
    /// </summary>
    public static IServiceCollection AddSesameWebAssembly(this IServiceCollection services, Action<SesameWebAssemblyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SesameWebAssemblyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesameWebAssemblyOptions>, SesameWebAssemblyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SesameWebAssemblyDefaults.HttpClientName);
        services.AddAuthorizationCore();
        services.AddCascadingAuthenticationState();

        // Replaces any other provider (the deserialized one of AddAuthenticationStateDeserialization never re-reads).
        services.RemoveAll<AuthenticationStateProvider>();
        services.TryAddScoped(provider => new SesameWebAssemblyAuthenticationStateProvider(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<NavigationManager>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SesameWebAssemblyAuthenticationStateProvider>>(),
            provider.GetRequiredService<IOptions<SesameWebAssemblyOptions>>().Value));
        services.AddScoped<AuthenticationStateProvider>(provider => provider.GetRequiredService<SesameWebAssemblyAuthenticationStateProvider>());
        return services;
    }
}
