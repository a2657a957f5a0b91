namespace Sesame.Jwt;

/// <summary>Token options (next-auth's <c>jwt</c> options).</summary>
public sealed class SesameJwtOptions
{
    /// <summary>
    /// Lifetime of the token written at sign-in. Sesame uses one source of truth for expiry: when this is not set the
    /// token expires with the session (<see cref="Sessions.SesameSessionOptions.MaxAge"/>), so the token's <c>exp</c>
    /// and the session's <c>expires</c> never disagree.
    /// </summary>
    /// <value><see langword="null"/>: the session's max age.</value>
    public TimeSpan? MaxAge { get; set; }
}
