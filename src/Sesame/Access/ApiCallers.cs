using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Sesame.Access;

/// <summary>
/// Tells an API call (answered with a JSON 401/403) from a browser page request (answered with a redirect). Only asked
/// when a request is challenged or forbidden, never on the happy path.
/// </summary>
internal static class ApiCallers
{
    /// <summary>
    /// An API call is one that carries an <c>Authorization</c> header, goes under an API prefix, is an
    /// <c>XMLHttpRequest</c>, prefers JSON in <c>Accept</c>, or is a <c>fetch</c> (<c>Sec-Fetch-Mode</c> other than
    /// <c>navigate</c>) that does not accept HTML. Everything else is a page.
    /// </summary>
    public static bool IsApiRequest(HttpRequest request, AccessSettings access)
    {
        var headers = request.Headers;
        if (headers.ContainsKey(HeaderNames.Authorization) || access.ApiEverywhere || HasApiPrefix(request.Path, access.ApiPathPrefixes))
        {
            return true;
        }

        if (string.Equals(headers[HeaderNames.XRequestedWith].ToString(), "XMLHttpRequest", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var accept = headers[HeaderNames.Accept].ToString();
        var (json, html) = Preferences(accept);
        if (json > html)
        {
            return true;
        }

        var fetchMode = headers["Sec-Fetch-Mode"].ToString();
        return fetchMode is "cors" or "same-origin" or "no-cors" && html < 0;
    }

    private static bool HasApiPrefix(PathString path, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The quality (0–1) the <c>Accept</c> header gives JSON and HTML, or -1 when it does not list them; on equal quality
    /// the one listed first wins by a hair. Wildcards count for neither, so <c>*/*</c> decides nothing.
    /// </summary>
    internal static (double Json, double Html) Preferences(string accept)
    {
        double json = -1, html = -1;
        var rank = 0;
        foreach (var range in accept.AsSpan().Split(','))
        {
            var entry = accept.AsSpan(range);
            var semicolon = entry.IndexOf(';');
            var type = (semicolon < 0 ? entry : entry[..semicolon]).Trim();
            var quality = semicolon < 0 ? 1d : Quality(entry[(semicolon + 1)..]);
            // A tiny penalty per position so that the earlier of two equal preferences wins.
            var score = quality <= 0 ? -1 : quality - (rank++ * 1e-6);
            if (IsJson(type))
            {
                json = Math.Max(json, score);
            }
            else if (type.Equals("text/html", StringComparison.OrdinalIgnoreCase) || type.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, score);
            }
        }

        return (json, html);
    }

    private static bool IsJson(ReadOnlySpan<char> type) =>
        type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
        (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static double Quality(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.Length > 2 && (parameter[0] is 'q' or 'Q') && parameter[1] == '=' &&
                double.TryParse(parameter[2..], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var q))
            {
                return Math.Clamp(q, 0, 1);
            }
        }

        return 1;
    }
}
