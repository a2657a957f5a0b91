namespace Sesame.Diagnostics;

/// <summary>The values of <c>sesame.session.outcome</c>: a closed set, so dashboards can rely on them.</summary>
internal static class SessionOutcomes
{
    /// <summary>A session was found and served.</summary>
    public const string Authenticated = "authenticated";

    /// <summary>No session was presented.</summary>
    public const string None = "none";

    /// <summary>A session was presented and refused (malformed, tampered, expired, revoked); its cookie is cleared.</summary>
    public const string Invalid = "invalid";

    /// <summary>A callback ended the session.</summary>
    public const string Ended = "ended";

    /// <summary>The store could not answer; the request is signed out and the cookie kept.</summary>
    public const string Unavailable = "unavailable";
}
