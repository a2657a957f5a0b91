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
    public void Append(HttpResponse response, string name, string value, DateTimeOffset? expires) =>
        response.Cookies.Append(name, value, new CookieOptions(_options) { Expires = expires });

    /// <summary>Sets this cookie.</summary>
    public void Append(HttpResponse response, string value, DateTimeOffset? expires = null) => Append(response, Name, value, expires);

    /// <summary>Clears the cookie <paramref name="name"/> (this one, a chunk or a spelling of it): empty value, <c>Max-Age=0</c>, as next-auth clears.</summary>
    public void Clear(HttpResponse response, string name) =>
        response.Cookies.Append(name, "", new CookieOptions(_options) { MaxAge = TimeSpan.Zero });

    /// <summary>Clears this cookie.</summary>
    public void Clear(HttpResponse response) => Clear(response, Name);
}
