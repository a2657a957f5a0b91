namespace Sesame.Sessions.Pipeline;

/// <summary>
/// The one lifetime rule of both strategies (and of every cache in front of them, which only ever hold what this rule
/// produced): a session lives <c>maxAge</c> from its last refresh (the idle timeout) and is refreshed (a new token, or
/// its row moved) at most once per <c>updateAge</c>, or when something forces it (an update, a changed token); with an
/// absolute lifetime it also ends at sign-in + <c>AbsoluteLifetime</c>, which no refresh, update or re-issue moves:
/// a refreshed session expires at min(now + idle, signed-in + absolute). A browser session (remember-me not chosen)
/// has lifetimes of its own; which kind a session is, is in its token or row.
/// </summary>
/// <remarks>
/// A session whose sign-in time is unknown (a token without <c>auth_time</c>, minted by next-auth or an earlier Sesame;
/// a next-auth row without <c>createdAt</c>) is not signed out when an absolute lifetime is configured: it keeps working
/// until its current expiry, which is then its deadline, so it is never extended. Without an absolute lifetime nothing
/// changes for it.
/// </remarks>
internal sealed class SessionLifetimePolicy(SesameSettings settings)
{
    /// <summary>The idle lifetime of a session from its last refresh (<c>maxAge</c>, capped by <c>Jwt.MaxAge</c>).</summary>
    public TimeSpan IdleOf(bool persistent) => settings.LifetimesOf(persistent).Idle;

    /// <summary>When a session signed in at <paramref name="now"/> expires.</summary>
    public DateTimeOffset ExpiresAtSignIn(DateTimeOffset now, bool persistent)
    {
        var lifetimes = settings.LifetimesOf(persistent);
        var idle = now + lifetimes.Idle;
        return lifetimes.Absolute is { } absolute && now + absolute < idle ? now + absolute : idle;
    }

    /// <summary>
    /// Whether <paramref name="found"/> reached its absolute deadline: it ends now, whatever its token's or row's own
    /// expiry says (a token inside the codec's clock tolerance, a row written under a longer limit). Costs nothing
    /// without an absolute lifetime, and reads the sign-in time without allocating otherwise.
    /// </summary>
    public bool HasEnded(FoundSession found, DateTimeOffset now) =>
        settings.LifetimesOf(found.IsPersistent).Absolute is { } absolute && Deadline(found, absolute) <= now;

    /// <summary>Whether <paramref name="found"/> is refreshed now, and until when it then lasts.</summary>
    public RefreshDecision Decide(FoundSession found, DateTimeOffset now, bool forced)
    {
        var lifetimes = settings.LifetimesOf(found.IsPersistent);
        var due = forced || found.RefreshedAt is not { } refreshedAt || now - refreshedAt >= lifetimes.Update;
        if (!due)
        {
            return new RefreshDecision(false, found.Expires);
        }

        var expires = now + lifetimes.Idle;
        if (lifetimes.Absolute is { } absolute)
        {
            var deadline = Deadline(found, absolute);
            if (deadline < expires)
            {
                expires = deadline;
                if (!forced && expires <= found.Expires)
                {
                    // Already as long as it may live: a refresh would write the same expiry again.
                    return new RefreshDecision(false, found.Expires);
                }
            }
        }

        return new RefreshDecision(true, expires);
    }

    /// <summary>The latest a session may live: sign-in + absolute, or its current expiry when its sign-in time is unknown.</summary>
    private static DateTimeOffset Deadline(FoundSession found, TimeSpan absolute) =>
        found.AuthenticatedAt is not { } signedInAt ? found.Expires
        : signedInAt < DateTimeOffset.MaxValue - absolute ? signedInAt + absolute
        : DateTimeOffset.MaxValue;
}
