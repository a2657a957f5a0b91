using System.Buffers;

namespace Sesame.Cookies;

/// <summary>Percent-encoding of cookie values the way next-auth writes them (JavaScript <c>encodeURIComponent</c>).</summary>
internal static class CookieValue
{
    // encodeURIComponent leaves A–Z a–z 0–9 - _ . ! ~ * ' ( ) alone; cookies cannot carry some of those raw, so keep only the unreserved set.
    private static readonly SearchValues<char> Unreserved = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    public static string Encode(string value) =>
        value.AsSpan().ContainsAnyExcept(Unreserved) ? Uri.EscapeDataString(value) : value;
}
