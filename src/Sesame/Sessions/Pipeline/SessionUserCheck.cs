using Sesame.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Caching;
using Sesame.Jwt;
using Sesame.Logging;
using Sesame.Sessions;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// <see cref="SesameAccessOptions.ValidateUserOnEveryRead"/>: every session read asks
/// <see cref="SesameAccessOptions.ValidateUser"/> whether the session's user is still active, with the answer kept per
/// user for <see cref="SesameAccessOptions.ValidatedUserCacheDuration"/>, so that a deactivated user's old cookies stop
/// working within that bound on every instance, at the cost of one memo lookup per request.
/// </summary>
/// <remarks>
/// The memo is per instance and only ever makes a user valid for at most the bound: an instance that has not asked yet
/// asks. A validator that throws gives "no session" for that request (fail closed) but ends nothing and is not memoised.
/// </remarks>
internal sealed class SessionUserCheck(SesameSettings settings, TimeProvider timeProvider, ILogger<SessionUserCheck> logger)
{
    // a busy instance's active users; past it the older half is dropped and asked again
    private const int Capacity = 16_384;

    private readonly RecentValues<Verdict> _verdicts = new(Capacity);
    private readonly Func<UserValidationContext, Task<bool>>? _validate = settings.Access.ValidateUserOnEveryRead ? settings.Access.ValidateUser : null;

    private readonly long _bound = (long)(settings.Access.ValidatedUserCacheDuration.TotalSeconds * timeProvider.TimestampFrequency);

    /// <summary>Whether reads check the user (the options validator made sure a validator is set then).</summary>
    public bool IsEnabled => _validate is not null;

    /// <summary>Whether the user of <paramref name="session"/> may go on; <see langword="null"/> when the check could not run.</summary>
    public ValueTask<bool?> IsActiveAsync(HttpContext httpContext, Session session, JwtClaims? token, string? storedUserId)
    {
        var userId = session.User.Id ?? token?.Subject ?? storedUserId;
        if (userId is null)
        {
            // a session that names no user cannot be checked: it is not one of a known, active user
            Log.UserRejected(logger, "");
            return ValueTask.FromResult<bool?>(false);
        }

        var now = timeProvider.GetTimestamp();
        if (_bound > 0 && _verdicts.TryGetValue(userId, out var verdict) && now - verdict.CheckedAt < _bound)
        {
            return ValueTask.FromResult<bool?>(verdict.Active);
        }

        return AskAsync(httpContext, userId, session, token, now);
    }

    private async ValueTask<bool?> AskAsync(HttpContext httpContext, string userId, Session session, JwtClaims? token, long now)
    {
        bool active;
        try
        {
            active = await _validate!(new UserValidationContext(userId, session, token, httpContext)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.UserValidationFailed(logger, exception, userId);
            return null;
        }

        if (_bound > 0)
        {
            _verdicts.Set(userId, new Verdict(active, now));
        }

        if (!active)
        {
            Log.UserRejected(logger, userId);
        }

        return active;
    }

    private sealed record Verdict(bool Active, long CheckedAt);
}
