using Microsoft.AspNetCore.Http;

namespace Sesame.Sessions;

/// <summary>The <c>User-Agent</c> a stored session records, so that a device list can tell the sessions apart.</summary>
internal static class SessionUserAgent
{
    // Enough for every real browser's header; a longer one is cut, not refused, and never fills the store.
    private const int MaxLength = 256;

    public static string? Of(HttpContext httpContext)
    {
        var userAgent = httpContext.Request.Headers.UserAgent.ToString();
        return userAgent.Length == 0 ? null : userAgent.Length > MaxLength ? userAgent[..MaxLength] : userAgent;
    }
}
