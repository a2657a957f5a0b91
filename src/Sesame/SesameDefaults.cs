namespace Sesame;

/// <summary>Names Sesame registers with ASP.NET Core.</summary>
public static class SesameDefaults
{
    /// <summary>
    /// The authentication scheme that reads the session into <c>HttpContext.User</c>. <c>AddSesame</c> makes it the
    /// default authenticate, challenge and forbid scheme unless the app configured a default of its own.
    /// </summary>
    public const string AuthenticationScheme = "Sesame";

    /// <summary>
    /// An authorization policy: an authenticated user whom <see cref="Access.SesameAccessOptions.ValidateUser"/> confirms
    /// still exists and is active (the seed's "validate on critical operations"). Use it on sensitive endpoints:
    /// <c>[Authorize(Policy = SesameDefaults.FreshUserPolicy)]</c> or <c>.RequireAuthorization(SesameDefaults.FreshUserPolicy)</c>.
    /// </summary>
    public const string FreshUserPolicy = "Sesame.FreshUser";
}
