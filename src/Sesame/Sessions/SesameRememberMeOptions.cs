namespace Sesame.Sessions;

/// <summary>
/// "Remember me": each sign-in chooses between a persistent session (a cookie with <c>Expires</c>, kept across browser
/// restarts, living <see cref="SesameSessionOptions.MaxAge"/>) and a browser session (a cookie without <c>Expires</c>,
/// which the browser drops when it closes, with shorter lifetimes of its own). The server enforces both lifetimes:
/// a browser that restores its session cookies still sees a browser session end on time.
/// </summary>
public sealed class SesameRememberMeOptions
{
    /// <summary>
    /// Whether sign-ins may choose: the credentials form shows a "Remember me" checkbox, and a posted
    /// <see cref="FieldName"/> (form or JSON) decides. When off, every session is persistent, as in next-auth.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>The posted field that carries the choice: <c>true</c>/<c>on</c>/<c>1</c> for persistent, <c>false</c>/<c>off</c>/<c>0</c> for a browser session.</summary>
    /// <value><c>rememberMe</c>.</value>
    public string FieldName { get; set; } = "rememberMe";

    /// <summary>
    /// The choice of a sign-in that does not make one (a JSON client that sends no field, an OAuth sign-in). An HTML
    /// form sends an unchecked checkbox as no field at all, so the built-in form also sends a hidden <c>false</c>.
    /// </summary>
    /// <value><see langword="true"/>: persistent, next-auth's behaviour.</value>
    public bool PersistentByDefault { get; set; } = true;

    /// <summary>The idle timeout of a browser session (its <c>maxAge</c>).</summary>
    /// <value>12 hours.</value>
    public TimeSpan BrowserSessionMaxAge { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a read re-issues a browser session (its <c>updateAge</c>).</summary>
    /// <value>1 hour.</value>
    public TimeSpan BrowserSessionUpdateAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The absolute lifetime of a browser session from sign-in; at least <see cref="BrowserSessionMaxAge"/>.</summary>
    /// <value><see langword="null"/>: <see cref="SesameSessionOptions.AbsoluteLifetime"/>, as persistent sessions.</value>
    public TimeSpan? BrowserSessionAbsoluteLifetime { get; set; }
}
