using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Sesame.Csrf;

/// <summary>
/// The second CSRF defence, behind the double-submit token: a state-changing request a browser marks as coming from
/// another site (Fetch Metadata's <c>Sec-Fetch-Site: cross-site</c>, or an <c>Origin</c> that is not the app's) is
/// refused even when it carries a valid token pair, so a planted pair cannot be used from another site. Requests
/// without these headers (non-browser clients, older browsers) are judged by the token alone.
/// </summary>
internal static class CrossSiteRequests
{
    public static bool IsCrossSite(HttpRequest request, string origin)
    {
        var headers = request.Headers;
        if (headers.TryGetValue("Sec-Fetch-Site", out var site) && site.Count > 0 &&
            string.Equals(site[0], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "null" (a sandboxed frame, a redirect across origins) is another site too
        return headers.TryGetValue(HeaderNames.Origin, out var sent) && sent.Count > 0 && sent[0] is { Length: > 0 } value &&
               !string.Equals(value, origin, StringComparison.OrdinalIgnoreCase);
    }
}
