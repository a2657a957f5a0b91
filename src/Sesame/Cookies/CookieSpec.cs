using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sesame.Cookies;

/// <summary>One cookie's resolved name and attributes; builds <c>Set-Cookie</c> values in next-auth's attribute order.</summary>
internal sealed class CookieSpec
{
    private readonly string _attributes;
    private readonly string _attributesAndFlags;

    public CookieSpec(string name, string path, string? domain, bool httpOnly, bool secure, SameSiteMode sameSite)
    {
        Name = name;
        FirstChunkName = name + ".0";
        SecondChunkName = name + ".1";
        var attributes = new StringBuilder();
        if (domain is not null)
        {
            attributes.Append("; Domain=").Append(domain);
        }

        attributes.Append("; Path=").Append(path);
        _attributes = attributes.ToString();
        var flags = new StringBuilder();
        if (httpOnly)
        {
            flags.Append("; HttpOnly");
        }

        if (secure)
        {
            flags.Append("; Secure");
        }

        if (sameSite != SameSiteMode.Unspecified)
        {
            flags.Append("; SameSite=").Append(sameSite == SameSiteMode.None ? "None" : sameSite.ToString());
        }

        Flags = flags.ToString();
        _attributesAndFlags = _attributes + Flags;
    }

    public string Name { get; }

    /// <summary><c>{name}.0</c>, precomputed because every session read looks for it.</summary>
    public string FirstChunkName { get; }

    /// <summary><c>{name}.1</c>.</summary>
    public string SecondChunkName { get; }

    private string Flags { get; }

    /// <summary>A cookie that lives for the browser session (no <c>Expires</c>).</summary>
    public string Build(string value) => Build(Name, value, null);

    /// <summary>A cookie that expires at <paramref name="expires"/>.</summary>
    public string Build(string value, DateTimeOffset expires) => Build(Name, value, expires);

    /// <summary>A cookie named <paramref name="name"/> (a chunk of this one) with this cookie's attributes.</summary>
    public string Build(string name, string value, DateTimeOffset? expires)
    {
        var encoded = CookieValue.Encode(value);
        return expires is { } at
            ? string.Concat([name, "=", encoded, _attributes, "; Expires=", at.UtcDateTime.ToString("R", CultureInfo.InvariantCulture), Flags])
            : string.Concat(name, "=", encoded, _attributesAndFlags);
    }

    /// <summary>Clears a cookie: empty value, <c>Max-Age=0</c>.</summary>
    public string BuildClear(string name) => string.Concat(name, "=; Max-Age=0", _attributesAndFlags);

    /// <summary>Clears this cookie.</summary>
    public string BuildClear() => BuildClear(Name);
}
