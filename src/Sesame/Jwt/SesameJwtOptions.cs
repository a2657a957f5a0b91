namespace Sesame.Jwt;

/// <summary>Token options (next-auth's <c>jwt</c> options).</summary>
public sealed class SesameJwtOptions
{
    /// <summary>
    /// Caps the token's lifetime. Sesame keeps one source of truth for expiry: the token's <c>exp</c>, the cookie's
    /// <c>Expires</c> and the session's <c>expires</c> all use the shorter of this and
    /// <see cref="Sessions.SesameSessionOptions.MaxAge"/>, so they never disagree (next-auth v4 writes a 30-day token
    /// into a cookie that may expire sooner).
    /// </summary>
    /// <value><see langword="null"/>: the session's max age.</value>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>
    /// Makes JWT sessions revocable: each token issued carries a session id (<c>sid</c>) registered in the
    /// <see cref="Sessions.Revocation.ISessionRevocationStore"/> (registering one with <c>AddStackExchangeRedisSessionRevocation</c>
    /// for many instances or <c>AddInMemorySessionRevocation</c> for one turns this on), and every read checks that the session is still
    /// registered, through an in-process cache whose answers live at most <see cref="RevocationCheckInterval"/>. Then
    /// sign-out, <c>SesameSessionManager</c> (one session, all of a user's, all but the current) and the device list work
    /// for JWT sessions as for database sessions. A token without a <c>sid</c> (issued before this was turned on, or by
    /// next-auth) is refused, as is every token while the store cannot answer (the cookie is then kept). JWT strategy only.
    /// </summary>
    /// <value><see langword="false"/>: tokens work until they expire, as in next-auth, and nothing is stored.</value>
    public bool Revocable { get; set; }

    /// <summary>
    /// With <see cref="Revocable"/>: the longest a revocation may take to reach a request on an instance that did not
    /// make it (how long an instance trusts its last answer from the store). A store that notifies instances (Redis
    /// pub/sub) makes it far shorter in practice; this bound holds when notifications are lost. Zero asks the store on
    /// every request.
    /// </summary>
    /// <value>5 seconds.</value>
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
