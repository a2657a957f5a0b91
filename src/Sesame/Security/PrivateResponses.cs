using Microsoft.AspNetCore.Http;

namespace Sesame.Security;

/// <summary>
/// Headers that keep a response private: a response that carries a session, or sets a fresh session cookie, must never
/// be stored by a shared cache (a CDN or proxy would hand one user's session, or cookie, to the next), and the built-in
/// pages must not be framed (a clickjacked sign-out confirmation), sniffed or leak their URL to another site.
/// </summary>
internal static class PrivateResponses
{
    private const string NoSniff = "nosniff";
    private const string NoFraming = "frame-ancestors 'none'";

    /// <summary>
    /// <c>Cache-Control: no-store</c>, unless the response already says no-store (next-auth's
    /// <c>private, no-cache, no-store</c> on <c>GET /session</c> stays as it is). An app endpoint that sets its own
    /// <c>Cache-Control</c> afterwards decides for itself.
    /// </summary>
    public static void NoStore(HttpResponse response)
    {
        if (response.HasStarted)
        {
            return;
        }

        var current = response.Headers.CacheControl;
        if (current.Count == 0 || !current.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.CacheControl = "no-store";
        }
    }

    /// <summary>
    /// The headers of every response of Sesame's endpoints, JSON and redirects included (ASVS 3.4.4, 3.4.6): a
    /// <c>/session</c> body is never sniffed as HTML or script, and no answer of the auth endpoints is framed. Cheap
    /// enough for the session poll: two header values, no allocation.
    /// </summary>
    public static void EndpointHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = NoSniff;
        headers.ContentSecurityPolicy = NoFraming;
    }

    /// <summary>The headers of every built-in HTML page.</summary>
    public static void PageHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = NoFraming;
        headers.XContentTypeOptions = NoSniff;
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the pages' form POSTs, which
        // an Origin check would have to refuse.
        headers["Referrer-Policy"] = "same-origin";
    }
}
