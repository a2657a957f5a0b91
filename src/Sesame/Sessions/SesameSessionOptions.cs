namespace Sesame.Sessions;

/// <summary>Session strategy and lifetime (next-auth's <c>session</c> options).</summary>
public sealed class SesameSessionOptions
{
    /// <summary>Where sessions live.</summary>
    /// <value><see cref="SessionStrategy.Jwt"/>.</value>
    public SessionStrategy Strategy { get; set; } = SessionStrategy.Jwt;

    /// <summary>How long an idle session lives; each read slides it.</summary>
    /// <value>30 days.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How often a read re-issues the session: the JWT cookie is re-encrypted (and a database row's expiry pushed)
    /// only once this long has passed since it was last issued, so a busy session costs no writes.
    /// </summary>
    /// <value>24 hours.</value>
    public TimeSpan UpdateAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The absolute lifetime of a session, counted from sign-in (the token's <c>auth_time</c> claim, or the row's
    /// <c>createdAt</c>): no read, refresh, update or re-issue extends a session past it, so a refreshed session expires at
    /// the earlier of now + <see cref="MaxAge"/> and sign-in + this. It must be at least <see cref="MaxAge"/> (a shorter
    /// one would make the idle timeout meaningless: lower <see cref="MaxAge"/> instead). A session whose sign-in time is
    /// unknown (a token minted by next-auth or an earlier Sesame, a next-auth row) keeps working until its current expiry
    /// but is never extended past it.
    /// </summary>
    /// <value><see langword="null"/>: no absolute limit, as in next-auth.</value>
    public TimeSpan? AbsoluteLifetime { get; set; }

    /// <summary>
    /// The most characters a session token may have, across all its chunk cookies: an update (or a <c>jwt</c> callback)
    /// that would make it larger is refused (<c>413</c>) and the session keeps its current cookie. Browsers and proxies
    /// refuse requests whose <c>Cookie</c> header is too large (a 431 on every request would lock the user out), and
    /// many proxies allow 8 to 16 KB for all headers.
    /// </summary>
    /// <value>16,384 (four 4 KB cookies).</value>
    public int MaxTokenSize { get; set; } = 16 * 1024;

    /// <summary>Database strategy: an in-process cache of recently read sessions, off by default.</summary>
    public Caching.SesameSessionCacheOptions Cache { get; } = new();

    /// <summary>The per-sign-in choice between a persistent and a browser session, off by default.</summary>
    public SesameRememberMeOptions RememberMe { get; } = new();

    /// <summary>
    /// Database strategy: store a SHA-256 hash of the session token instead of the token, so that a leaked session table
    /// does not leak live sessions. Turn it off only to share a database with a next-auth app, which stores raw tokens.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool HashSessionTokens { get; set; } = true;

    /// <summary>Database strategy: record the client's IP address with each session, for the device list.</summary>
    /// <value><see langword="false"/>: an IP address is personal data; opt in.</value>
    public bool RecordIpAddress { get; set; }
}
