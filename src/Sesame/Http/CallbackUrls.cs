using System.Buffers;
using System.Text;

namespace Sesame.Http;

/// <summary>
/// The rules for <c>callbackUrl</c>: what counts as valid input, and next-auth's default <c>redirect</c> callback, which
/// keeps every destination on the app's own origin.
/// </summary>
internal static class CallbackUrls
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create("\\\t\r\n\0");

    // Stryker disable once String : equivalent, an empty set only sends every URL on to Uri.TryCreate, which accepts the same (tests/mutation-equivalents.md)
    private static readonly SearchValues<char> UriCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%");

    // far below System.Uri's length limit, so that the shortcut never accepts what Uri would refuse
    private const int MaxPlainUrlLength = 8 * 1024;

    /// <summary>The longest callback URL followed; a longer one goes to the origin.</summary>
    public const int MaxCallbackUrlLength = 4 * 1024;

    /// <summary>
    /// next-auth's validity check for a callback URL from the query string or cookie: a <c>/</c>-relative path, or an
    /// absolute http(s) URL. Anything else (<c>javascript:</c>, <c>evil</c>) is a configuration error.
    /// </summary>
    /// <param name="value">The callback URL.</param>
    /// <param name="trustedOrigin">
    /// The app's configured origin (parsed at start-up), or <see langword="null"/>: a URL on it made only of URL characters
    /// is valid without parsing it again (the callback-url cookie on almost every request).
    /// </param>
    public static bool IsValid(string value, string? trustedOrigin = null) =>
        value.StartsWith('/') ||
        (trustedOrigin is not null && IsPlainUrlOn(value, trustedOrigin)) ||
        (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    /// <summary>
    /// The default redirect callback: a <c>/</c>-path is put on <paramref name="origin"/>; an absolute URL on the same
    /// origin is kept; anything else becomes the origin. A value with characters that browsers and servers read
    /// differently (backslashes, controls, quotes) also becomes the origin, so no parser disagreement can lead off-site,
    /// and so does one over <see cref="MaxCallbackUrlLength"/> characters.
    /// </summary>
    public static string Default(string url, string origin)
    {
        // A URL longer than this is no navigation anyone made: echoed into the callback-url cookie and Location, it would
        // only make responses that browsers and proxies refuse.
        if (url.Length == 0 || url.Length > MaxCallbackUrlLength || url.AsSpan().ContainsAny(Unsafe))
        {
            return origin;
        }

        // System.Uri trims surrounding whitespace and a browser strips it too, but the URL would be followed verbatim:
        // no destination is kept whose meaning depends on a parser's trimming (found by fuzzing: " HTTP://LOCALHOST:3000").
        if (char.IsWhiteSpace(url[0]) || char.IsWhiteSpace(url[^1]))
        {
            return origin;
        }

        if (url[0] == '/')
        {
            return origin + url;
        }

        // The common case, a URL already on the origin (the callback-url cookie on almost every request): no URL parsing.
        // Stryker disable once Block : equivalent, the parsing below keeps the same URL
        if (url.StartsWith(origin, StringComparison.Ordinal) && (url.Length == origin.Length || url[origin.Length] is '/' or '?' or '#'))
        {
            return url;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
               (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
               string.IsNullOrEmpty(uri.UserInfo) &&
               string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase)
            ? url
            : origin;
    }

    /// <summary>A redirect target safe to put in a <c>Location</c> header: non-ASCII is percent-encoded, controls refused.</summary>
    public static string? ForHeader(string target)
    {
        foreach (var c in target)
        {
            if (c < 0x20 || c == 0x7f)
            {
                return null;
            }
        }

        return HasNonAscii(target) || target.Contains(' ', StringComparison.Ordinal) ? EscapeNonAscii(target) : target;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is <paramref name="origin"/> itself, or the origin followed by a path, query or
    /// fragment of URI characters only (RFC 3986 unreserved, reserved and <c>%</c>): every such string parses as an
    /// absolute URL with the origin's http(s) scheme (CallbackUrlsTests checks this against <see cref="Uri"/>).
    /// </summary>
    private static bool IsPlainUrlOn(string value, string origin) =>
        value.StartsWith(origin, StringComparison.Ordinal) &&
        (value.Length == origin.Length ||
         (value.Length <= MaxPlainUrlLength && value[origin.Length] is '/' or '?' or '#' && !value.AsSpan(origin.Length).ContainsAnyExcept(UriCharacters)));

    private static bool HasNonAscii(string value) => !Ascii.IsValid(value);

    private static string EscapeNonAscii(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                builder.Append("%20");
                continue;
            }

            if (rune.IsAscii)
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            for (var index = 0; index < length; index++)
            {
                builder.Append('%').Append(utf8[index].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
