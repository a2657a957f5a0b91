using Microsoft.Extensions.Options;
using Sesame.Access;

namespace Sesame.Configuration;

/// <summary>Checks the access options and the bearer-token switch at start-up; each failure says how to fix it.</summary>
internal sealed class SesameAccessOptionsValidator : IValidateOptions<SesameOptions>
{
    public ValidateOptionsResult Validate(string? name, SesameOptions options)
    {
        var failures = new List<string>();
        foreach (var prefix in options.Access.ApiPathPrefixes)
        {
            if (string.IsNullOrEmpty(prefix) || !prefix.StartsWith('/') || prefix.Contains('?', StringComparison.Ordinal) || prefix.Contains('#', StringComparison.Ordinal))
            {
                failures.Add($"SesameOptions.Access.ApiPathPrefixes must hold paths starting with '/' (e.g. \"/api\"); got '{prefix}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Access.RoleField))
        {
            failures.Add("SesameOptions.Access.RoleField must name the session user field that holds the roles (default \"role\").");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
