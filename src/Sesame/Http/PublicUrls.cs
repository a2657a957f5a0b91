using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Events;
using Sesame.Logging;

namespace Sesame.Http;

/// <summary>
/// The app's public origin (configured, or from a trusted proxy's headers) and the redirect rule every destination goes
/// through (next-auth's same-origin default, then the app's <c>redirect</c> callback).
/// </summary>
internal sealed class PublicUrls(SesameSettings settings, ILogger<PublicUrls> logger)
{
    /// <summary>The public origin of this request (next-auth's <c>baseUrl</c> without the path), e.g. <c>https://app.example.com</c>.</summary>
    public string OriginOf(HttpContext httpContext)
    {
        if (settings.Origin is { } origin)
        {
            return origin;
        }

        // Only reached when the app opted in to trusting its proxy (TrustHost): the forwarded host and scheme decide.
        var request = httpContext.Request;
        // the first (client-side) proxy's value; none, or an empty one, is the request's own Host
        var host = FirstOf(request.Headers["X-Forwarded-Host"].ToString());
        if (!IsValidHost(host))
        {
            Log.InvalidForwardedHost(logger, LogValues.Clean(host, 100));
            host = "";
        }

        if (host.Length == 0)
        {
            // an HTTP/1.0 request may have no Host header (an empty HostString, not a null one)
            host = request.Host.HasValue ? request.Host.Value! : "localhost";
        }

        var proto = FirstOf(request.Headers["X-Forwarded-Proto"].ToString());
        var scheme = proto is "http" or "https" ? proto : request.Scheme;
        return scheme + "://" + host;
    }

    /// <summary>The public URL of the endpoints: origin and base path, e.g. <c>https://app.example.com/api/auth</c>.</summary>
    public string BaseUrlOf(HttpContext httpContext) => OriginOf(httpContext) + settings.BasePath;

    /// <summary>The redirect callback: next-auth's same-origin default, then the app's callback if it has one.</summary>
    public string Redirect(string url, string origin)
    {
        var result = CallbackUrls.Default(url, origin);
        // Stryker disable once Block : equivalent, the default callback answers the default result
        if (!settings.HasRedirectCallback)
        {
            return result;
        }

        var context = new RedirectContext(url, origin, result);
        settings.Callbacks.Redirect(context);
        return context.Result;
    }

    /// <summary>The first value of a comma-separated header (the client-side proxy's), trimmed; no array is made.</summary>
    private static string FirstOf(string list)
    {
        var comma = list.IndexOf(',');
        return (comma < 0 ? list : list[..comma]).Trim();
    }

    private static bool IsValidHost(string host) =>
        host.Length <= 255 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
}
