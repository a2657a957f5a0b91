namespace Sesame.Sessions.Revocation;

/// <summary>What the revocation check says about a JWT session.</summary>
internal enum RevocationStatus
{
    /// <summary>Registered: the token is honoured.</summary>
    Active,

    /// <summary>Revoked, expired in the store, or never registered (no <c>sid</c>): the token is refused and its cookie cleared.</summary>
    Revoked,

    /// <summary>The store could not answer: no session for this request, the cookie kept for when it is back.</summary>
    Unavailable,
}
