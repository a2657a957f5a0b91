namespace Sesame.Blazor.WebAssembly;

/// <summary>How a Blazor WebAssembly app reads and follows the Sesame session.</summary>
public sealed class SesameWebAssemblyOptions
{
    /// <summary>
    /// Where the server maps Sesame (<c>MapSesame()</c>), as a path on the app's own origin: the session is read from
    /// <c>GET {BasePath}/session</c>, a same-origin request, so the browser sends the session cookie. Must start with <c>/</c>.
    /// </summary>
    /// <value><c>/api/auth</c>, next-auth's.</value>
    public string BasePath { get; set; } = "/api/auth";

    /// <summary>
    /// How often the session is read again; a session that expired or was revoked signs the app out then. A read that
    /// fails (offline, a server error) keeps the last state, unless the last session's expiry has passed. Must be positive.
    /// </summary>
    /// <value>One minute, as for interactive server circuits.</value>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The session user field whose value (a string or an array of strings) becomes role claims, as on the server.</summary>
    /// <value><c>role</c>.</value>
    public string RoleField { get; set; } = "role";
}
