using Microsoft.AspNetCore.Http;

namespace Sesame.Cookies;

/// <summary>One cookie's resolved name and attributes, written through the framework's cookie API.</summary>
internal sealed class CookieSpec
{
    private readonly CookieOptions _options;

    public CookieSpec(string name, string path, string? domain, bool httpOnly, bool secure, SameSiteMode sameSite)
    {
        Name = name;
        FirstChunkName = name + ".0";
        SecondChunkName = name + ".1";
        _options = new CookieOptions { Path = path, Domain = domain, HttpOnly = httpOnly, Secure = secure, SameSite = sameSite, IsEssential = true };
    }

    public string Name { get; }

    /// <summary><c>{name}.0</c>, precomputed because every session read looks for it.</summary>
    public string FirstChunkName { get; }

    /// <summary><c>{name}.1</c>.</summary>
    public string SecondChunkName { get; }

    /// <summary>
    /// Sets this cookie (or the chunk <paramref name="name"/> of it) through <c>Response.Cookies</c>, so that the app's
    /// cookie policy sees it; the value is percent-encoded as <c>encodeURIComponent</c> would. Without
    /// <paramref name="expires"/> it lives for the browser session. Authentication cookies are essential: a consent
    /// policy does not drop them.
    /// </summary>
    /// <returns>
    /// <see langword="false"/>, and nothing written, when the cookie's name and encoded value would pass
    /// <see cref="MaxNameAndValueLength"/>: a browser drops such a cookie without a word, so the caller decides instead.
    /// </returns>
    public bool Append(HttpResponse response, string name, string value, DateTimeOffset? expires)
    {
        // (percent-encoding at most triples a value: only a value that could pass the bound is encoded to measure it)
        if (name.Length + (3 * value.Length) > MaxNameAndValueLength && name.Length + Uri.EscapeDataString(value).Length > MaxNameAndValueLength)
        {
            return false;
        }

        response.Cookies.Append(name, value, new CookieOptions(_options) { Expires = expires });
        return true;
    }

    /// <summary>Sets this cookie; <see langword="false"/> when it is too large to be kept by a browser (see the overload).</summary>
    public bool Append(HttpResponse response, string value, DateTimeOffset? expires = null) => Append(response, Name, value, expires);

    /// <summary>The most a browser keeps of one cookie's name and value together (RFC 6265 section 6.1's minimum, ASVS 3.3.5).</summary>
    public const int MaxNameAndValueLength = 4096;

    /// <summary>Clears the cookie <paramref name="name"/> (this one, a chunk or a spelling of it): empty value, <c>Max-Age=0</c>, as next-auth clears.</summary>
    public void Clear(HttpResponse response, string name) =>
        response.Cookies.Append(name, "", new CookieOptions(_options) { MaxAge = TimeSpan.Zero });

    /// <summary>Clears this cookie.</summary>
    public void Clear(HttpResponse response) => Clear(response, Name);
}
