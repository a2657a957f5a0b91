using Sesame.Jwt;

namespace Sesame.Sessions;

/// <summary>
/// Sesame's own claims in a session token, beyond next-auth's: the lifetime data that must survive every refresh and
/// re-issue. A token without them (minted by next-auth or an earlier Sesame) still works: see
/// <see cref="Pipeline.SessionLifetimePolicy"/> for how it is treated. The multi-factor step adds the authentication methods
/// (<c>amr</c>) here, next to the time of the authentication they describe.
/// </summary>
internal static class SessionClaims
{
    /// <summary>
    /// When the user last really authenticated (signed in), in seconds since the Unix epoch, as OpenID Connect's
    /// <c>auth_time</c>: set when a session is issued, never by a refresh. Counts the absolute lifetime and freshness.
    /// </summary>
    public const string AuthTime = "auth_time";

    /// <summary>
    /// The session id of a revocable JWT session (<c>Jwt.Revocable</c>), as OpenID Connect's <c>sid</c>: set when the
    /// session is issued, kept by every refresh, and what the revocation store knows the session by.
    /// </summary>
    public const string SessionId = "sid";

    /// <summary>
    /// <c>false</c> in the token of a browser session (remember-me not chosen), whose cookie has no <c>Expires</c> and
    /// whose lifetimes are the browser session's; absent in a persistent one, so every token without it (next-auth's)
    /// is persistent, as it was.
    /// </summary>
    public const string Persistent = "persistent";

    /// <summary>
    /// How many server-side updates of a revocable JWT session (<c>SesameSessionManager.UpdateSessionsAsync</c>) the
    /// token has applied; absent for none. A token behind the version its registration has applies the rest first.
    /// </summary>
    public const string UpdateVersion = "session_version";

    // DateTimeOffset's range in Unix seconds: anything outside is not a time (a forged or broken claim)
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>The token's <see cref="AuthTime"/>, or <see langword="null"/> when it has none (or not a time). Allocates nothing.</summary>
    public static DateTimeOffset? AuthTimeOf(JwtClaims token) =>
        token.GetSeconds(AuthTime) is { } seconds and >= MinSeconds and <= MaxSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Records the authentication of a session being issued.</summary>
    public static void SetAuthTime(JwtClaims token, DateTimeOffset authenticatedAt) => token.Set(AuthTime, authenticatedAt.ToUnixTimeSeconds());

    /// <summary>The token's <see cref="SessionId"/>, or <see langword="null"/>. Allocates nothing for a token read from a cookie.</summary>
    public static string? SessionIdOf(JwtClaims token) => token.GetString(SessionId);

    /// <summary>Names the session being issued.</summary>
    public static void SetSessionId(JwtClaims token, string sessionId) => token.Set(SessionId, sessionId);

    /// <summary>The token's <see cref="UpdateVersion"/>: 0 when it has none (or not a count). Allocates nothing.</summary>
    public static long UpdateVersionOf(JwtClaims token) => token.GetSeconds(UpdateVersion) is { } version and > 0 ? version : 0;

    /// <summary>Records that the token has applied the updates up to <paramref name="version"/>.</summary>
    public static void SetUpdateVersion(JwtClaims token, long version) => token.Set(UpdateVersion, version);

    /// <summary>How the user authenticated, as RFC 8176 method names (<c>amr</c>), in sessions made with more than one factor.</summary>
    public const string AuthenticationMethods = "amr";

    /// <summary>Records how the user authenticated (only multi-factor sessions carry it).</summary>
    public static void SetAuthenticationMethods(JwtClaims token, IReadOnlyList<string> methods)
    {
        var array = new System.Text.Json.Nodes.JsonArray();
        foreach (var method in methods)
        {
            array.Add(method);
        }

        token.Set(AuthenticationMethods, array);
    }

    /// <summary>Whether the token is of a persistent session. Allocates nothing.</summary>
    public static bool IsPersistent(JwtClaims token) => token.GetBoolean(Persistent) != false;

    /// <summary>Records the choice of a session being issued (only a browser session carries the claim).</summary>
    public static void SetPersistent(JwtClaims token, bool persistent) => token.Set(Persistent, persistent ? null : false);

    /// <summary>
    /// Keeps the lifetime claims of <paramref name="previous"/> when a <c>jwt</c> callback replaced the token with one
    /// that lacks them (a callback that builds a new token would otherwise make the session look signed in at no known
    /// time: never fresh, never extended) or with no session id (a revocable session that reads as revoked).
    /// </summary>
    public static void CarryOver(JwtClaims previous, JwtClaims replacement)
    {
        if (replacement.GetSeconds(AuthTime) is null && previous.GetSeconds(AuthTime) is { } authTime)
        {
            replacement.Set(AuthTime, authTime);
        }

        if (replacement.GetString(SessionId) is null && previous.GetString(SessionId) is { } sessionId)
        {
            replacement.Set(SessionId, sessionId);
        }

        if (replacement.GetSeconds(UpdateVersion) is null && previous.GetSeconds(UpdateVersion) is { } version)
        {
            replacement.Set(UpdateVersion, version);
        }

        if (replacement.Get(AuthenticationMethods) is null && previous.Get(AuthenticationMethods) is { } methods)
        {
            replacement.Set(AuthenticationMethods, methods.DeepClone());
        }

        if (replacement.GetBoolean(Persistent) is null && previous.GetBoolean(Persistent) == false)
        {
            replacement.Set(Persistent, false);
        }
    }
}
