using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Stores;

namespace Sesame.Mfa;

/// <summary>Checks the TOTP second factor's options and that a store for enrolments is registered, at start-up.</summary>
internal sealed class SesameTotpOptionsValidator(IServiceProviderIsService services) : IValidateOptions<SesameTotpOptions>
{
    public ValidateOptionsResult Validate(string? name, SesameTotpOptions options)
    {
        var failures = new List<string>();
        if (!services.IsService(typeof(ITotpStore)))
        {
            failures.Add("AddTotp() needs a store for TOTP enrolments: register an ITotpStore (builder.Services.AddSingleton<ITotpStore, YourStore>()).");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("SesameTotpOptions.Issuer must name the app (authenticator apps show it).");
        }

        if (options.VerificationPath is { } path && (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal)))
        {
            failures.Add($"SesameTotpOptions.VerificationPath must be a path starting with a single '/'; got '{path}'.");
        }

        if (options.ChallengeLifetime <= TimeSpan.Zero || options.ChallengeLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("SesameTotpOptions.ChallengeLifetime must be positive and at most an hour.");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add("SesameTotpOptions.MaxAttempts must be at least 1.");
        }

        if (options.RecoveryCodeCount is < 0 or > 100)
        {
            failures.Add("SesameTotpOptions.RecoveryCodeCount must be between 0 and 100.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
