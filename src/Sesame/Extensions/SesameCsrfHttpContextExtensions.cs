using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame;
using Sesame.Csrf;

namespace Microsoft.AspNetCore.Http;

/// <summary>CSRF protection for the app's own state-changing endpoints, with the token of <c>GET /api/auth/csrf</c>.</summary>
public static class SesameCsrfHttpContextExtensions
{
    /// <summary>The header that may carry the CSRF token.</summary>
    public const string HeaderName = "X-CSRF-Token";

    /// <summary>
    /// This browser's CSRF token (what <c>GET /api/auth/csrf</c> answers), for a form of the app's own that posts to an
    /// endpoint checked with <see cref="IsCsrfTokenValidAsync"/>: read from the CSRF cookie, or minted and set in it.
    /// </summary>
    public static string GetCsrfToken(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var settings = httpContext.RequestServices.GetRequiredService<SesameSettings>();
        var spec = settings.Cookies.CsrfToken;
        httpContext.Request.Cookies.TryGetValue(spec.Name, out var cookie);
        if (settings.Csrf.ReadCookie(cookie) is { } token)
        {
            return token;
        }

        var (minted, cookieValue) = settings.Csrf.Mint();
        spec.Append(httpContext.Response, cookieValue);
        return minted;
    }

    /// <summary>
    /// Whether the request carries this browser's CSRF token (from <c>GET /api/auth/csrf</c>) in the <c>X-CSRF-Token</c>
    /// header or a <c>csrfToken</c> body field (form or JSON), matching a valid CSRF cookie. Compared in constant time.
    /// A request the browser marks as cross-site (<c>Sec-Fetch-Site</c>, <c>Origin</c>) is refused whatever it carries.
    /// The body stays readable for the endpoint.
    /// </summary>
    public static async Task<bool> IsCsrfTokenValidAsync(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var settings = httpContext.RequestServices.GetRequiredService<SesameSettings>();
        if (CrossSiteRequests.IsCrossSite(httpContext.Request, httpContext.RequestServices.GetRequiredService<Sesame.Http.PublicUrls>().OriginOf(httpContext)))
        {
            return false;
        }

        httpContext.Request.Cookies.TryGetValue(settings.Cookies.CsrfToken.Name, out var cookie);
        var expected = settings.Csrf.ReadCookie(cookie);
        if (expected is null)
        {
            return false;
        }

        var posted = httpContext.Request.Headers[HeaderName].ToString();
        if (posted.Length == 0)
        {
            posted = await ReadBodyFieldAsync(httpContext.Request).ConfigureAwait(false) ?? "";
        }

        return CsrfProtection.Matches(expected, posted);
    }

    private static async Task<string?> ReadBodyFieldAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 or > 64 * 1024)
        {
            return null;
        }

        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: 64 * 1024);
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
                return form["csrfToken"].ToString();
            }

            if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
                return document.RootElement.ValueKind == JsonValueKind.Object &&
                       document.RootElement.TryGetProperty("csrfToken", out var token) && token.ValueKind == JsonValueKind.String
                    ? token.GetString()
                    : null;
            }

            return null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or IOException or InvalidOperationException)
        {
            // InvalidOperationException: a lone surrogate (\ud800) or invalid UTF-8 in the token's string. A body the
            // parser refuses carries no token: the check fails (the app answers 403), never a 500.
            Sesame.Logging.Log.BodyMalformed(request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SesameCsrfHttpContextExtensions)), "the app's CSRF check");
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
