using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Stores;

namespace Sesame.Providers.Email;

/// <summary>Checks each e-mail provider against the rest of the configuration at start-up; each failure says how to fix it.</summary>
internal sealed class EmailProviderValidator(IServiceProviderIsService services) : IValidateOptions<SesameOptions>
{
    public ValidateOptionsResult Validate(string? name, SesameOptions options)
    {
        var failures = new List<string>();
        foreach (var provider in options.Providers.OfType<EmailProvider>())
        {
            var id = provider.Id;
            if (!services.IsService(typeof(IVerificationTokenStore)))
            {
                failures.Add($"The email provider '{id}' keeps its single-use sign-in tokens in a verification token store, and none is registered: add one, e.g. .AddEntityFrameworkCoreVerificationTokenStore<TContext>() (JWT sessions), .AddEntityFrameworkCoreStores<TContext>() or .AddStackExchangeRedisStores(…).");
            }

            if (options.Url is null)
            {
                failures.Add($"The email provider '{id}' builds its sign-in links on the app's public URL, never on a request's Host header: set AUTH_URL (e.g. https://app.example.com) or SesameOptions.Url; TrustHost alone is not enough.");
            }

            if (provider.Secret is { Length: 0 })
            {
                failures.Add($"EmailProviderOptions.Secret of email provider '{id}' is empty: remove it to use the app's secret.");
            }

            if (provider.MaxAge <= TimeSpan.Zero)
            {
                failures.Add($"EmailProviderOptions.MaxAge of email provider '{id}' must be positive.");
            }

            if (provider.PermitsPerAddress <= 0 || provider.PermitsPerClient <= 0 || provider.RateLimitWindow <= TimeSpan.Zero)
            {
                failures.Add($"The rate limits of email provider '{id}' must be positive (PermitsPerAddress, PermitsPerClient, RateLimitWindow); set a permit count to null for no limit.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
