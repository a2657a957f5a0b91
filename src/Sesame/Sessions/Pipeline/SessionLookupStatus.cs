namespace Sesame.Sessions.Pipeline;

/// <summary>What looking up the presented session found.</summary>
internal enum SessionLookupStatus
{
    /// <summary>No session token was presented.</summary>
    None,

    /// <summary>A token was presented but is no session (malformed, expired, revoked): its cookie is cleared.</summary>
    Invalid,

    /// <summary>The store could not answer: no session for this request, but the cookie is kept for when it is back.</summary>
    Unavailable,

    /// <summary>A valid session.</summary>
    Found,
}
