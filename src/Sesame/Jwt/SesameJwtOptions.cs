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
}
