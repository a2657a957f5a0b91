using Microsoft.Extensions.Options;

namespace Sesame.Blazor.WebAssembly;

/// <summary>Checks <see cref="SesameWebAssemblyOptions"/> when they are first resolved.</summary>
internal sealed class SesameWebAssemblyOptionsValidator : IValidateOptions<SesameWebAssemblyOptions>
{
    public ValidateOptionsResult Validate(string? name, SesameWebAssemblyOptions options)
    {
        var failures = new List<string>();
        // an absolute URL would be another origin, to which the browser does not send the session cookie
        if (string.IsNullOrEmpty(options.BasePath) || options.BasePath[0] != '/' || options.BasePath.StartsWith("//", StringComparison.Ordinal))
        {
            failures.Add("SesameWebAssemblyOptions.BasePath must be a path on the app's origin that starts with '/' (e.g. \"/api/auth\").");
        }

        if (options.RevalidationInterval <= TimeSpan.Zero)
        {
            failures.Add("SesameWebAssemblyOptions.RevalidationInterval must be positive (e.g. TimeSpan.FromMinutes(1)).");
        }

        if (string.IsNullOrWhiteSpace(options.RoleField))
        {
            failures.Add("SesameWebAssemblyOptions.RoleField must name the session user field that holds the roles (default \"role\").");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
