using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Sesame.Http;

/// <summary>Writes the responses next-auth gives: redirects (302, or <c>{"url"}</c> in JSON mode), JSON, HTML and text.</summary>
internal static class AuthResponses
{
    public const string ConfigurationMessage = "There is a problem with the server configuration. Check the server logs for more information.";

    /// <summary>
    /// A redirect: 302 with <c>Location</c>, or in JSON mode <c>{"url": target}</c> with <paramref name="status"/> (next-auth
    /// keeps a handler's 401/403 there). A target with control characters goes to <paramref name="fallback"/>; in a header,
    /// non-ASCII and spaces are percent-encoded, while the JSON keeps the target as next-auth does (the browser encodes it
    /// when it navigates).
    /// </summary>
    public static Task RedirectAsync(AuthRequest request, string target, int? status = null, string? fallback = null)
    {
        var response = request.HttpContext.Response;
        var safe = CallbackUrls.ForHeader(target);
        if (request.JsonMode)
        {
            var url = safe is null ? fallback ?? request.Origin : target;
            return JsonAsync(response, status ?? StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("url", url);
                writer.WriteEndObject();
            });
        }

        response.StatusCode = StatusCodes.Status302Found;
        response.Headers.Location = safe ?? fallback ?? request.Origin;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A sign-in refused by an abuse limit: <c>Retry-After</c>, and the error page with <paramref name="error"/>; an API
    /// caller (JSON mode, or JSON preferred) gets it as <c>429 {"url": …}</c>, a form the redirect.
    /// </summary>
    public static Task TooManyAsync(AuthRequest request, Errors.AuthErrorCode error, TimeSpan retryAfter)
    {
        var response = request.HttpContext.Response;
        response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var target = $"{request.BaseUrl}/error?error={Errors.AuthErrors.WireName(error)}";
        if (request.JsonMode || Access.ApiCallers.Preferences(request.HttpContext.Request.Headers[HeaderNames.Accept].ToString()) is var (json, html) && json > html)
        {
            request.JsonMode = true;
            return RedirectAsync(request, target, StatusCodes.Status429TooManyRequests);
        }

        return RedirectAsync(request, target);
    }

    public static Task JsonAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonBytesAsync(response, status, buffer.WrittenMemory);
    }

    public static Task JsonBytesAsync(HttpResponse response, int status, ReadOnlyMemory<byte> json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json).AsTask();
    }

    public static Task JsonTextAsync(HttpResponse response, int status, string json) =>
        JsonBytesAsync(response, status, Encoding.UTF8.GetBytes(json));

    public static Task HtmlAsync(HttpResponse response, int status, string html)
    {
        Security.PrivateResponses.PageHeaders(response);
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }

    public static Task TextAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }

    /// <summary>next-auth's cache headers on <c>GET /session</c> and <c>GET /csrf</c>.</summary>
    public static void NoStore(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "private, no-cache, no-store";
        headers.Pragma = "no-cache";
        headers.Expires = "0";
    }

    /// <summary>The 500 JSON next-auth answers to a configuration error; it drops every cookie of the response.</summary>
    public static Task ConfigurationErrorAsync(HttpResponse response)
    {
        response.Headers.Remove(HeaderNames.SetCookie);
        return JsonAsync(response, StatusCodes.Status500InternalServerError, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("message", ConfigurationMessage);
            writer.WriteEndObject();
        });
    }
}
