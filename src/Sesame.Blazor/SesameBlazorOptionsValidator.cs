using Microsoft.Extensions.Options;

namespace Sesame.Blazor;

/// <summary>Checks <see cref="SesameBlazorOptions"/> at start-up.</summary>
internal sealed class SesameBlazorOptionsValidator : IValidateOptions<SesameBlazorOptions>
{
    public ValidateOptionsResult Validate(string? name, SesameBlazorOptions options) =>
        options.RevalidationInterval > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("SesameBlazorOptions.RevalidationInterval must be positive (e.g. TimeSpan.FromMinutes(1)).");
}
