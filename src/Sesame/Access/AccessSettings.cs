namespace Sesame.Access;

/// <summary><see cref="SesameAccessOptions"/> resolved once at start-up.</summary>
internal sealed class AccessSettings
{
    public AccessSettings(SesameAccessOptions options)
    {
        ApiPathPrefixes = [.. options.ApiPathPrefixes.Select(static prefix => prefix.TrimEnd('/')).Where(static prefix => prefix.Length > 0)];
        ApiEverywhere = options.ApiPathPrefixes.Any(static prefix => prefix == "/");
        RoleField = options.RoleField;
        ValidateUser = options.ValidateUser;
        ValidateUserOnEveryRead = options.ValidateUserOnEveryRead;
        ValidatedUserCacheDuration = options.ValidatedUserCacheDuration;
    }

    /// <summary>The API prefixes without a trailing slash.</summary>
    public string[] ApiPathPrefixes { get; }

    /// <summary>Whether <c>/</c> is a prefix: every request is an API call (an API-only app).</summary>
    public bool ApiEverywhere { get; }

    public string RoleField { get; }

    public Func<UserValidationContext, Task<bool>>? ValidateUser { get; }

    public bool ValidateUserOnEveryRead { get; }

    public TimeSpan ValidatedUserCacheDuration { get; }
}
