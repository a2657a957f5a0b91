using Sesame.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Logging;
using Sesame.Sessions;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Re-checks, through <see cref="SesameAccessOptions.ValidateUser"/>, that the session's user still exists and is active;
/// at most once per request. A rejection is logged and remembered so that a forbid answers as a challenge.
/// </summary>
internal sealed class UserValidator(SessionResolver resolver, ILogger<UserValidator> logger)
{
    public Task<bool> ValidateAsync(HttpContext httpContext)
    {
        var feature = resolver.Resolve(httpContext);
        return feature.UserValidation ??= RunAsync(httpContext, feature);
    }

    private async Task<bool> RunAsync(HttpContext httpContext, SessionFeature feature)
    {
        var validate = resolver.Settings.Access.ValidateUser ?? throw new InvalidOperationException(
            "Re-validating the user (SesameDefaults.FreshUserPolicy, RequireFreshUser() or HttpContext.ValidateUserAsync()) needs " +
            "SesameOptions.Access.ValidateUser: set it to a delegate that looks the user up and returns false when they are gone or inactive.");
        var result = await feature.Result.ConfigureAwait(false);
        if (result.Session is not { } session)
        {
            return false;
        }

        var userId = session.User.Id ?? result.Token?.Subject ?? result.User?.Id;
        if (userId is null)
        {
            Log.UserRejected(logger, "");
            feature.UserRejected = true;
            return false;
        }

        bool valid;
        try
        {
            valid = await validate(new UserValidationContext(userId, session, result.Token, httpContext)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The check could not run (its database is down, …): fail closed, refuse the sensitive action, never a 500.
            Log.UserValidationFailed(logger, exception, userId);
            return false;
        }

        if (!valid)
        {
            Log.UserRejected(logger, userId);
            feature.UserRejected = true;
        }

        return valid;
    }
}
