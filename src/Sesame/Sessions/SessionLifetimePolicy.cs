namespace Sesame.Sessions;

/// <summary>
/// The one lifetime rule of both strategies: a session lives <c>maxAge</c> from its last refresh and is refreshed (a new
/// token, or its row moved) at most once per <c>updateAge</c>, or when something forces it (an update, a changed
/// token). The session-policy issue's idle and absolute limits belong here, so that every strategy obeys them alike.
/// </summary>
internal sealed class SessionLifetimePolicy(SesameSettings settings)
{
    /// <summary>The lifetime of a session from its last refresh (<c>Session.MaxAge</c>, capped by <c>Jwt.MaxAge</c>).</summary>
    public TimeSpan Lifetime => settings.SessionLifetime;

    /// <summary>When a session issued at <paramref name="now"/> expires.</summary>
    public DateTimeOffset ExpiresFrom(DateTimeOffset now) => now + settings.SessionLifetime;

    /// <summary>Whether <paramref name="found"/> is refreshed now, and until when it then lasts.</summary>
    public RefreshDecision Decide(FoundSession found, DateTimeOffset now, bool forced)
    {
        var due = forced || found.RefreshedAt is not { } refreshedAt || now - refreshedAt >= settings.SessionUpdateAge;
        return due ? new RefreshDecision(true, ExpiresFrom(now)) : new RefreshDecision(false, found.Expires);
    }
}
