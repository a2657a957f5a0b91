using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Sesame.Tests.Interop;

/// <summary>
/// What is compared of one response, with everything that differs by origin or by chance normalised. JSON keeps its key
/// order: next-auth's bodies are compared byte for byte, but for the origin, CSRF tokens and instants.
/// </summary>
internal sealed record ObservedResponse(int Status, string? Location, string? MediaType, string Body, string CacheHeaders, string Cookies)
{
    /// <summary>
    /// What <paramref name="response"/> shows. <paramref name="databaseSessions"/>: the server keeps database sessions,
    /// whose cookie is re-set only when the row is extended (README), so a session cookie re-set by any session read or
    /// update is not compared either.
    /// </summary>
    public static async Task<ObservedResponse> FromAsync(HttpResponseMessage response, Uri origin, bool databaseSessions = false)
    {
        var text = await response.Content.ReadAsStringAsync();
        // next-auth's error texts (400 unsupported action, 500 GET callback/credentials) come without a Content-Type
        // from Next.js; Sesame labels them text/plain, which is what they are
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? (text.Length > 0 ? "text/plain" : null);
        var body = mediaType switch
        {
            "text/html" => "(html) " + Forms(text, origin),
            "application/json" => NormalizeJson(JsonNode.Parse(text), origin),
            _ => Normalize(text, origin),
        };
        var cache = string.Join(" | ",
            response.Headers.TryGetValues("Cache-Control", out var cacheControl) ? string.Join(",", cacheControl) : "-",
            response.Headers.TryGetValues("Pragma", out var pragma) ? string.Join(",", pragma) : "-",
            response.Content.Headers.TryGetValues("Expires", out var expires) ? string.Join(",", expires) : "-");
        cache = WithoutSesameNoStore(cache);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? SetCookieHeaderValue.ParseList([.. values]) : [];
        var cookies = string.Join(" ; ", setCookies
            .Where(c => !IsSlidingRefresh(response, c, databaseSessions) && !IsCsrfRenewal(response, c))
            .Select(c => Describe(c, origin))
            .Order(StringComparer.Ordinal));
        var location = response.Headers.Location?.OriginalString is { } l ? Normalize(l, origin) : null;
        return new ObservedResponse((int)response.StatusCode, location, mediaType, body, cache, cookies);
    }

    /// <summary>
    /// A deliberate difference (README): Sesame adds <c>Cache-Control: no-store</c>, alone, to a response that carries a
    /// session or sets a fresh session cookie (the sign-in redirect, <c>POST /session</c>) where next-auth sends no cache
    /// header. Exactly that header with no <c>Pragma</c> or <c>Expires</c> is compared as no cache header; any other
    /// cache header (next-auth's <c>private, no-cache, no-store</c> on <c>GET /session</c>) is still compared.
    /// </summary>
    private static string WithoutSesameNoStore(string cache) => cache == "no-store | - | -" ? "- | - | -" : cache;

    /// <summary>
    /// The one deliberate difference on these paths: next-auth re-encrypts the session cookie on every
    /// <c>GET /session</c>, Sesame only once <c>updateAge</c> has passed (issue 5), so a re-issued (not cleared)
    /// session cookie on a GET of the session is not compared.
    /// </summary>
    private static bool IsSlidingRefresh(HttpResponseMessage response, SetCookieHeaderValue cookie, bool databaseSessions) =>
        response.RequestMessage is { } request && (request.Method == HttpMethod.Get || databaseSessions) &&
        request.RequestUri!.AbsolutePath.EndsWith("/session", StringComparison.Ordinal) &&
        cookie.Name.ToString().Contains("next-auth.session-token", StringComparison.Ordinal) &&
        cookie.Value.Length > 0 && cookie.MaxAge is not { TotalSeconds: <= 0 };

    /// <summary>
    /// A deliberate difference (README): Sesame renews the CSRF token at sign-in and sign-out, so the response to a
    /// POST of a callback or of the sign-out sets a new CSRF cookie; next-auth keeps the old one. Not compared there.
    /// </summary>
    private static bool IsCsrfRenewal(HttpResponseMessage response, SetCookieHeaderValue cookie) =>
        response.RequestMessage is { } request && request.Method == HttpMethod.Post &&
        (request.RequestUri!.AbsolutePath.Contains("/callback/", StringComparison.Ordinal) || request.RequestUri.AbsolutePath.EndsWith("/signout", StringComparison.Ordinal)) &&
        cookie.Name.ToString().EndsWith("next-auth.csrf-token", StringComparison.Ordinal) && cookie.Value.Length > 0;

    private static string Describe(SetCookieHeaderValue cookie, Uri origin)
    {
        var name = cookie.Name.ToString();
        var value = Uri.UnescapeDataString(cookie.Value.ToString());
        value = name.EndsWith("callback-url", StringComparison.Ordinal) ? Normalize(value, origin) : value.Length == 0 ? "" : "{value}";
        return $"{name}={value} path={cookie.Path} httponly={cookie.HttpOnly} secure={cookie.Secure} samesite={cookie.SameSite} " +
               $"max-age={cookie.MaxAge?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} expires={(cookie.Expires is null ? "no" : "yes")}";
    }

    /// <summary>
    /// An HTML page's forms as a client fills them: each form's method and action, and its inputs' names, types and (for
    /// hidden ones, but the CSRF token) values. Markup and wording are each library's own.
    /// </summary>
    private static string Forms(string html, Uri origin)
    {
        var forms = new List<string>();
        foreach (System.Text.RegularExpressions.Match form in System.Text.RegularExpressions.Regex.Matches(html, "<form\\b([^>]*)>(.*?)</form>", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            var attributes = form.Groups[1].Value;
            var inputs = System.Text.RegularExpressions.Regex.Matches(form.Groups[2].Value, "<input\\b([^>]*)>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                .Select(input => Describe(input.Groups[1].Value))
                .Order(StringComparer.Ordinal);
            forms.Add($"form {Attribute(attributes, "method")?.ToUpperInvariant()} {Normalize(System.Net.WebUtility.HtmlDecode(Attribute(attributes, "action") ?? ""), origin)} [{string.Join(", ", inputs)}]");
        }

        return string.Join(" | ", forms);

        string Describe(string input)
        {
            var name = Attribute(input, "name");
            var type = Attribute(input, "type") ?? "text";
            var value = type == "hidden" && name != "csrfToken" ? "=" + Normalize(System.Net.WebUtility.HtmlDecode(Attribute(input, "value") ?? ""), origin) : "";
            return $"{name}:{type}{value}";
        }

        static string? Attribute(string attributes, string name) =>
            System.Text.RegularExpressions.Regex.Match(attributes, "\\b" + name + "\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", System.Text.RegularExpressions.RegexOptions.IgnoreCase) is { Success: true } m
                ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
                : null;
    }

    private static string NormalizeJson(JsonNode? node, Uri origin)
    {
        static JsonNode? Walk(JsonNode? node, Uri origin) => node switch
        {
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Key switch
            {
                "csrfToken" => JsonValue.Create("{csrf}"),
                "expires" => JsonValue.Create("{instant}"),
                _ => Walk(p.Value, origin),
            }))),
            JsonArray a => new JsonArray([.. a.Select(i => Walk(i, origin))]),
            JsonValue v when v.TryGetValue(out string? s) => JsonValue.Create(Normalize(s, origin)),
            _ => node?.DeepClone(),
        };
        return Walk(node, origin)?.ToJsonString() ?? "null";
    }

    private static string Normalize(string text, Uri origin)
    {
        var plain = origin.GetLeftPart(UriPartial.Authority);
        return text.Replace(plain, "{ORIGIN}", StringComparison.Ordinal)
            .Replace(Uri.EscapeDataString(plain), "{ORIGIN}", StringComparison.OrdinalIgnoreCase);
    }
}
