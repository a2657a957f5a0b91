using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sesame;
using Sesame.Blazor;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Blazor's authentication state from the Sesame session.</summary>
public static class SesameBuilderBlazorExtensions
{
    /// <summary>
    /// Makes the Sesame session Blazor's authentication state (<c>AuthorizeView</c>, <c>[Authorize]</c> components,
    /// cascading <c>Task&lt;AuthenticationState&gt;</c>) and revalidates interactive server circuits at
    /// <see cref="SesameBlazorOptions.RevalidationInterval"/>. Call after <c>AddRazorComponents()</c>.
    /// </summary>
    public static SesameBuilder AddBlazorAuthenticationState(this SesameBuilder builder, Action<SesameBlazorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SesameBlazorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesameBlazorOptions>, SesameBlazorOptionsValidator>());
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();

        // Replaces the framework's ServerAuthenticationStateProvider, which never re-checks a circuit's user.
        services.RemoveAll<AuthenticationStateProvider>();
        services.AddScoped<AuthenticationStateProvider, SesameAuthenticationStateProvider>();
        return builder;
    }
}
