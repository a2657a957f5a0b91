namespace Sesame.EntityFrameworkCore.Entities;

/// <summary>
/// A row of the <c>Session</c> table (next-auth's Prisma <c>Session</c> model, plus nullable device columns that
/// next-auth leaves empty).
/// </summary>
public sealed class SesameSessionEntity
{
    /// <summary>Column <c>id</c>: the primary key, the session's non-secret id.</summary>
    public required string Id { get; set; }

    /// <summary>Column <c>sessionToken</c>: unique; holds <see cref="Sesame.Stores.SesameSession.SessionKey"/>.</summary>
    public required string SessionToken { get; set; }

    /// <summary>Column <c>userId</c>: the user, deleted with it.</summary>
    public required string UserId { get; set; }

    /// <summary>Column <c>expires</c> (UTC).</summary>
    public required DateTimeOffset Expires { get; set; }

    /// <summary>Column <c>createdAt</c> (UTC), Sesame's.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Column <c>lastSeenAt</c> (UTC), Sesame's.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>Column <c>userAgent</c>, Sesame's.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Column <c>ipAddress</c>, Sesame's.</summary>
    public string? IpAddress { get; set; }

    /// <summary>Column <c>persistent</c>, Sesame's: <see langword="false"/> for a browser session (remember-me not chosen).</summary>
    public bool? Persistent { get; set; }
}
