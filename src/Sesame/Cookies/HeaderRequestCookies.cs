using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Sesame.Cookies;

/// <summary>
/// The request's cookies for Sesame's endpoints, which look up two or three of them: the <c>Cookie</c> header is split
/// into name/value positions once, and a lookup decodes only the value it returns (or none, see <see cref="TryGetRaw"/>),
/// instead of every cookie being decoded into a dictionary (which cost more than the rest of the init step). Answers
/// exactly as ASP.NET Core's own parsing does (names ignore case, the last duplicate wins, values are percent-decoded
/// with <see cref="Uri.UnescapeDataString(string)"/>): a header that is not a plain <c>name=value; name=value</c> list,
/// and everything but a lookup, goes to a <see cref="RequestCookiesFeature"/> of its own. It is Sesame's private view
/// (<see cref="Of"/>): the app's <c>Request.Cookies</c> stays the framework's.
/// </summary>
internal sealed class HeaderRequestCookies : IRequestCookieCollection
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

    private readonly IHeaderDictionary _headers;
    private RequestCookiesFeature? _parsed;

    // The header the pairs were found in, and where they are (a browser sends a handful of cookies).
    private string? _splitHeader;
    private int _pairCount;
    private Pairs _pairs;

    private HeaderRequestCookies(IHeaderDictionary headers) => _headers = headers;

    /// <summary>What a raw lookup found.</summary>
    public enum Lookup
    {
        /// <summary>The header is not a plain list: ask the collection, which parses it the framework's way.</summary>
        Unknown,

        /// <summary>No such cookie.</summary>
        Absent,

        /// <summary>The cookie, as sent (not yet percent-decoded).</summary>
        Found,
    }

    /// <summary>The request's cookies as Sesame reads them, made once per request.</summary>
    public static HeaderRequestCookies Of(HttpContext httpContext)
    {
        var features = httpContext.Features;
        if (features.Get<HeaderRequestCookies>() is { } cookies)
        {
            return cookies;
        }

        cookies = new HeaderRequestCookies(httpContext.Request.Headers);
        features.Set(cookies);
        return cookies;
    }

    /// <summary>
    /// The names of the cookies sent that are <paramref name="name"/> or its chunks in any letter case, each spelling
    /// once, at most <paramref name="max"/>: what must be cleared so that nothing a read accepted survives, and no more
    /// than a bounded number whatever a client sends.
    /// </summary>
    public IReadOnlyList<string> SentSessionCookieNames(string name, int max)
    {
        List<string>? names = null;
        foreach (var field in _headers.Cookie)
        {
            // Stryker disable once Block,Statement : equivalent, an empty field splits into one empty pair, skipped below
            if (string.IsNullOrEmpty(field))
            {
                continue;
            }

            foreach (var range in field.AsSpan().Split(';'))
            {
                var pair = field.AsSpan(range).Trim();
                var equals = pair.IndexOf('=');
                var candidate = (equals < 0 ? pair : pair[..equals]).Trim();
                if (candidate.Length == 0 || !SessionCookieStore.IsSessionCookieName(candidate, name))
                {
                    continue;
                }

                names ??= [];
                if (names.Count >= max)
                {
                    return names;
                }

                var text = candidate.ToString();
                if (!names.Contains(text, StringComparer.Ordinal))
                {
                    names.Add(text);
                }
            }
        }

        return names ?? (IReadOnlyList<string>)[];
    }

    public int Count => Parsed.Cookies.Count;

    public ICollection<string> Keys => Parsed.Cookies.Keys;

    // The framework's parser over the same header, for what a raw lookup cannot answer; the app's own is left alone.
    // Stryker disable once all : equivalent, a parser made again parses the same header alike
    private RequestCookiesFeature Parsed => _parsed ??= new RequestCookiesFeature(OwnFeatures(_headers));

    private static FeatureCollection OwnFeatures(IHeaderDictionary headers)
    {
        var features = new FeatureCollection(1);
        features.Set<IHttpRequestFeature>(new HttpRequestFeature { Headers = headers });
        return features;
    }

    public string? this[string key] => TryGetValue(key, out var value) ? value : null;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        switch (TryGetRaw(key, out var raw))
        {
            case Lookup.Found:
                value = Decode(raw);
                return true;
            case Lookup.Absent:
                value = null;
                return false;
            default:
                return Parsed.Cookies.TryGetValue(key, out value);
        }
    }

    /// <summary>
    /// The value of cookie <paramref name="name"/> as sent, before percent-decoding (which <see cref="Decode"/> does), so
    /// that a caller who knows the value can recognize it without decoding or allocating; <see cref="Lookup.Unknown"/>
    /// when only the framework's parser can answer.
    /// </summary>
    public Lookup TryGetRaw(string name, out ReadOnlySpan<char> raw)
    {
        raw = default;
        // Stryker disable once Block : the switch is read once per process, and the tests run without it
        if (NameDecoding)
        {
            return Lookup.Unknown;
        }

        var header = _headers.Cookie;
        if (header.Count != 1)
        {
            // several Cookie fields (HTTP/2) or none: look through them all
            if (!TryFind(header, name, out var start, out var length, out var index))
            {
                return Lookup.Unknown;
            }

            if (index < 0)
            {
                return Lookup.Absent;
            }

            raw = header[index].AsSpan(start, length);
            return Lookup.Found;
        }

        var text = header[0];
        // Stryker disable once Block : equivalent, a null field is taken as split already (no pairs), an empty one splits into none
        if (string.IsNullOrEmpty(text))
        {
            return Lookup.Absent;
        }

        if (!ReferenceEquals(text, _splitHeader) && !Split(text))
        {
            return Lookup.Unknown;
        }

        // the last duplicate wins, as in the framework's dictionary
        for (var index = _pairCount - 1; index >= 0; index--)
        {
            var pair = _pairs[index];
            if (text.AsSpan(pair.NameStart, pair.NameLength).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                raw = text.AsSpan(pair.ValueStart, pair.ValueLength);
                return Lookup.Found;
            }
        }

        return Lookup.Absent;
    }

    /// <summary>A raw value decoded as the framework decodes cookie values.</summary>
    public static string Decode(ReadOnlySpan<char> raw) => raw.Contains('%') ? Uri.UnescapeDataString(raw) : new string(raw);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Parsed.Cookies.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Finds <paramref name="name"/> in Cookie header fields made only of <c>name=value</c> pairs (token names, non-empty
    /// unquoted values) separated by <c>;</c> or <c>"; "</c>: false when a field is anything else, so that the caller
    /// parses it the framework's way; <paramref name="valueIndex"/> is -1 when the cookie is absent.
    /// </summary>
    private static bool TryFind(StringValues header, string name, out int valueStart, out int valueLength, out int valueIndex)
    {
        valueStart = valueLength = 0;
        valueIndex = -1;
        for (var index = 0; index < header.Count; index++)
        {
            var text = header[index];
            var position = 0;
            while (!string.IsNullOrEmpty(text) && position < text.Length)
            {
                if (!NextPair(text, ref position, out var nameStart, out var nameLength, out var start, out var length))
                {
                    return false;
                }

                if (text.AsSpan(nameStart, nameLength).Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    valueStart = start;
                    valueLength = length;
                    valueIndex = index;
                }
            }
        }

        return true;
    }

    /// <summary>Notes where the pairs of a one-field header are; false when it is not a plain list or has too many.</summary>
    private bool Split(string text)
    {
        _splitHeader = null;
        _pairCount = 0;
        var position = 0;
        while (position < text.Length)
        {
            if (_pairCount == Pairs.Length ||
                !NextPair(text, ref position, out var nameStart, out var nameLength, out var valueStart, out var valueLength))
            {
                return false;
            }

            _pairs[_pairCount++] = new Pair(nameStart, nameLength, valueStart, valueLength);
        }

        _splitHeader = text;
        return true;
    }

    /// <summary>
    /// Reads the pair at <paramref name="position"/> and the separator after it (<c>;</c> or <c>"; "</c>, followed by
    /// another pair); false when the text there is not exactly that.
    /// </summary>
    private static bool NextPair(string text, ref int position, out int nameStart, out int nameLength, out int valueStart, out int valueLength)
    {
        nameStart = position;
        valueStart = valueLength = 0;
        var rest = text.AsSpan(position);
        nameLength = rest.IndexOfAnyExcept(TokenChars);
        if (nameLength <= 0 || rest[nameLength] != '=')
        {
            return false;
        }

        valueStart = position + nameLength + 1;
        rest = text.AsSpan(valueStart);
        valueLength = rest.IndexOfAnyExcept(CookieOctets);
        if (valueLength < 0)
        {
            valueLength = rest.Length;
        }

        if (valueLength == 0)
        {
            return false;
        }

        position = valueStart + valueLength;
        if (position == text.Length)
        {
            return true;
        }

        if (text[position] != ';')
        {
            // Stryker disable once Boolean : equivalent, what ended the value is no token character, so the next pair fails there
            return false;
        }

        position += position + 1 < text.Length && text[position + 1] == ' ' ? 2 : 1;
        return position < text.Length;
    }

    private readonly record struct Pair(int NameStart, int NameLength, int ValueStart, int ValueLength);

    [InlineArray(Length)]
    private struct Pairs
    {
        public const int Length = 16;

        private Pair _first;
    }
}
