using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Sesame.Cookies;

/// <summary>
/// The request's cookies for Sesame's endpoints, which look up two or three of them: a lookup reads the one cookie from
/// the <c>Cookie</c> header instead of parsing every cookie into a dictionary (which, with percent-decoding, cost more
/// than the rest of the init step). Answers exactly as ASP.NET Core's own parsing (names ignore case, the last duplicate
/// wins, values are percent-decoded with <see cref="Uri.UnescapeDataString(string)"/>): a header that is not a plain
/// <c>name=value; name=value</c> list, and everything but a lookup, goes to <see cref="RequestCookiesFeature"/>.
/// </summary>
internal sealed class HeaderRequestCookies : IRequestCookiesFeature, IRequestCookieCollection
{
    // ASP.NET Core decodes cookie names too when this switch is on; then only its own parser is used
    private static readonly bool NameDecoding =
        AppContext.TryGetSwitch("Microsoft.AspNetCore.Http.EnableCookieNameEncoding", out var enabled) && enabled;

    // RFC 9110 tchar: what ASP.NET Core reads as a cookie name
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // RFC 6265 cookie-octet: what ASP.NET Core reads as an unquoted cookie value
    private static readonly SearchValues<char> CookieOctets =
        SearchValues.Create("!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly IFeatureCollection _features;
    private readonly IHeaderDictionary _headers;
    private RequestCookiesFeature? _parsed;

    private HeaderRequestCookies(IFeatureCollection features, IHeaderDictionary headers)
    {
        _features = features;
        _headers = headers;
    }

    /// <summary>Makes the request's cookies this lookup-only view, unless something already read or replaced them.</summary>
    public static void Install(HttpContext httpContext)
    {
        var features = httpContext.Features;
        if (!NameDecoding && features.Get<IRequestCookiesFeature>() is null)
        {
            features.Set<IRequestCookiesFeature>(new HeaderRequestCookies(features, httpContext.Request.Headers));
        }
    }

    public IRequestCookieCollection Cookies
    {
        get => _parsed is null ? this : _parsed.Cookies;
        set => Parsed.Cookies = value;
    }

    public int Count => Parsed.Cookies.Count;

    public ICollection<string> Keys => Parsed.Cookies.Keys;

    private RequestCookiesFeature Parsed => _parsed ??= new RequestCookiesFeature(_features);

    public string? this[string key] => TryGetValue(key, out var value) ? value : null;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_parsed is null && TryFind(_headers.Cookie, key, out var found))
        {
            value = found;
            return value is not null;
        }

        return Parsed.Cookies.TryGetValue(key, out value);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Parsed.Cookies.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Finds <paramref name="name"/> in a header made only of <c>name=value</c> pairs (token names, non-empty unquoted
    /// values) separated by <c>;</c> or <c>"; "</c>: false when the header is anything else, so that the caller parses it
    /// the framework's way. <paramref name="value"/> is <see langword="null"/> when the cookie is absent.
    /// </summary>
    internal static bool TryFind(StringValues header, string name, out string? value)
    {
        value = null;
        ReadOnlySpan<char> found = default;
        var isFound = false;
        for (var index = 0; index < header.Count; index++)
        {
            var text = header[index].AsSpan();
            if (text.IsEmpty)
            {
                continue;
            }

            while (true)
            {
                var nameLength = text.IndexOfAnyExcept(TokenChars);
                if (nameLength <= 0 || text[nameLength] != '=')
                {
                    return false;
                }

                var rest = text[(nameLength + 1)..];
                var valueLength = rest.IndexOfAnyExcept(CookieOctets);
                if (valueLength < 0)
                {
                    valueLength = rest.Length;
                }

                if (valueLength == 0)
                {
                    return false;
                }

                if (text[..nameLength].Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    // the last duplicate wins, as in the framework's dictionary
                    found = rest[..valueLength];
                    isFound = true;
                }

                text = rest[valueLength..];
                if (text.IsEmpty)
                {
                    break;
                }

                if (text[0] != ';')
                {
                    return false;
                }

                text = text.Length > 1 && text[1] == ' ' ? text[2..] : text[1..];
                if (text.IsEmpty)
                {
                    return false;
                }
            }
        }

        if (isFound)
        {
            value = found.Contains('%') ? Uri.UnescapeDataString(found) : new string(found);
        }

        return true;
    }
}
