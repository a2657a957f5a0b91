namespace Sesame.Access;

/// <summary>
/// Route protection (next-auth's <c>withAuth</c> middleware with a Next.js <c>matcher</c>): which paths need a session, and
/// the <c>authorized</c> decision for them.
/// </summary>
public sealed class SesameRouteProtectionOptions
{
    /// <summary>
    /// The protected paths, in Next.js matcher syntax: literal segments, <c>:param</c> (exactly one segment),
    /// <c>:param?</c> (zero or one), <c>:param*</c> (zero or more) and <c>:param+</c> (one or more), e.g.
    /// <c>["/dashboard/:path*", "/admin/:path*"]</c>. Matched against the decoded path (without the app's path base);
    /// a trailing slash, empty segments and an encoded <c>/</c> (<c>%2F</c>) are treated as plain separators. Paths under
    /// Sesame's base path and the custom sign-in and error pages are never protected. Compiled once at start-up.
    /// </summary>
    /// <value>Empty: nothing is protected.</value>
    public IList<string> Matcher { get; set; } = [];

    /// <summary>
    /// Whether literal segments match case-sensitively, as in Next.js. Off by default because ASP.NET Core routes ignore
    /// case: with it on, <c>/ADMIN</c> would reach an <c>/admin</c> endpoint without passing the protection.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool CaseSensitive { get; set; }

    /// <summary>
    /// next-auth's <c>authorized</c> callback: whether a request to a protected path may go on. A request refused without
    /// a session is challenged (401 for API calls, a 307 redirect to the sign-in page for pages); one refused with a
    /// session is forbidden (403, or the error page with <c>AccessDenied</c>).
    /// </summary>
    /// <value>A session exists.</value>
    public Func<RouteAuthorizationContext, bool>? Authorized { get; set; }

    /// <summary>The asynchronous form of <see cref="Authorized"/>, for a decision that needs I/O. Set one or the other.</summary>
    public Func<RouteAuthorizationContext, Task<bool>>? AuthorizedAsync { get; set; }
}
