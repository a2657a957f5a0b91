using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sesame;
using Sesame.Mfa;
using Sesame.SignIn;
using Sesame.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the TOTP second factor.</summary>
public static class SesameBuilderTotpExtensions
{
    /// <summary>
    /// Adds a TOTP second factor (RFC 6238): a user with an enrolment in the registered <see cref="ITotpStore"/> signs in
    /// with any provider, then enters a code on the verification page (<see cref="SesameTotpOptions.VerificationPath"/>,
    /// mapped by <c>MapSesame()</c>) before a session is issued; until then nothing treats them as signed in. Enrol users
    /// with <see cref="SesameTotp"/>.
    /// </summary>
    public static SesameBuilder AddTotp(this SesameBuilder builder, Action<SesameTotpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<SesameTotpOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesameTotpOptions>, SesameTotpOptionsValidator>());
        services.TryAddSingleton<TotpSecondFactor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecondFactor, TotpSecondFactor>(static provider => provider.GetRequiredService<TotpSecondFactor>()));
        services.TryAddSingleton<TotpVerificationEndpoint>();
        // scoped like the store it uses (often a DbContext's)
        services.TryAddScoped(static provider => new SesameTotp(
            provider.GetRequiredService<ITotpStore>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<SesameTotpOptions>>()));
        return builder;
    }
}
