using System.Buffers;

namespace Sesame.Cookies;

/// <summary>Percent-encoding of cookie values the way next-auth writes them (JavaScript <c>encodeURIComponent</c>).</summary>
internal static class CookieValue
{
    // encodeURIComponent leaves A–Z a–z 0–9 - _ . ! ~ * ' ( ) alone; cookies cannot carry some of those raw, so keep only the unreserved set.
    private const string UpperHex = "0123456789ABCDEF";

    private static readonly SearchValues<char> Unreserved = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    /// <summary>
    /// <paramref name="value"/> with every character but the unreserved ones percent-encoded, exactly as
    /// <see cref="Uri.EscapeDataString(string)"/> does (upper-case hex, UTF-8); ASCII values are encoded here in one pass.
    /// </summary>
    public static string Encode(string value)
    {
        var first = value.AsSpan().IndexOfAnyExcept(Unreserved);
        if (first < 0)
        {
            return value;
        }

        if (!System.Text.Ascii.IsValid(value))
        {
            return Uri.EscapeDataString(value);
        }

        var escapes = 0;
        foreach (var c in value.AsSpan(first))
        {
            if (!Unreserved.Contains(c))
            {
                escapes++;
            }
        }

        return string.Create(value.Length + (escapes * 2), (value, first), static (chars, state) =>
        {
            var (text, start) = state;
            text.AsSpan(0, start).CopyTo(chars);
            var position = start;
            foreach (var c in text.AsSpan(start))
            {
                if (Unreserved.Contains(c))
                {
                    chars[position++] = c;
                    continue;
                }

                chars[position++] = '%';
                chars[position++] = UpperHex[c >> 4];
                chars[position++] = UpperHex[c & 0xF];
            }
        });
    }
}
