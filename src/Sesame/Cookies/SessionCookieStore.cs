using Microsoft.AspNetCore.Http;

namespace Sesame.Cookies;

/// <summary>
/// Reads and writes the session token across chunk cookies (<c>name</c>, or <c>name.0</c>, <c>name.1</c>, …). Only
/// <c>name</c> and <c>name.&lt;digits&gt;</c> count as session cookies, so a foreign <c>name-foo</c> is never swallowed.
/// </summary>
internal static class SessionCookieStore
{
    /// <summary>The token from the request, or <see langword="null"/>. A numbered set wins over the plain name.</summary>
    public static string? Read(IRequestCookieCollection cookies, CookieSpec spec)
    {
        var name = spec.Name;
        if (cookies.TryGetValue(spec.FirstChunkName, out var first))
        {
            if (!cookies.TryGetValue(spec.SecondChunkName, out var next))
            {
                return first;
            }

            var builder = new System.Text.StringBuilder(first.Length * 3);
            builder.Append(first).Append(next);
            for (var index = 2; cookies.TryGetValue(string.Concat(name, ".", index.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var chunk); index++)
            {
                builder.Append(chunk);
            }

            return builder.ToString();
        }

        return cookies.TryGetValue(name, out var whole) && whole.Length > 0 ? whole : null;
    }

    /// <summary>Whether the request carries any session cookie (plain or chunk).</summary>
    public static bool IsPresent(IRequestCookieCollection cookies, string name)
    {
        foreach (var key in cookies.Keys)
        {
            if (IsSessionCookieName(key, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writes <paramref name="token"/> in as many chunks as it needs, first clearing every session cookie of the request
    /// that the new chunks do not overwrite (a stale <c>.3</c> would otherwise corrupt the next read).
    /// </summary>
    public static void Write(HttpResponse response, IRequestCookieCollection requestCookies, CookieSpec spec, int chunkSize, string token, DateTimeOffset expires)
    {
        Security.PrivateResponses.NoStore(response);
        var chunkCount = Math.Max(1, (token.Length + chunkSize - 1) / chunkSize);
        var names = new string[chunkCount];
        if (chunkCount == 1)
        {
            names[0] = spec.Name;
        }
        else
        {
            for (var index = 0; index < chunkCount; index++)
            {
                names[index] = string.Concat(spec.Name, ".", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var key in requestCookies.Keys)
        {
            if (IsSessionCookieName(key, spec.Name) && Array.IndexOf(names, key) < 0)
            {
                response.Headers.Append("Set-Cookie", spec.BuildClear(key));
            }
        }

        for (var index = 0; index < chunkCount; index++)
        {
            var start = index * chunkSize;
            var value = chunkCount == 1 ? token : token.Substring(start, Math.Min(chunkSize, token.Length - start));
            response.Headers.Append("Set-Cookie", spec.Build(names[index], value, expires));
        }
    }

    /// <summary>Clears every session cookie the request carries.</summary>
    public static void Clear(HttpResponse response, IRequestCookieCollection requestCookies, CookieSpec spec)
    {
        foreach (var key in requestCookies.Keys)
        {
            if (IsSessionCookieName(key, spec.Name))
            {
                response.Headers.Append("Set-Cookie", spec.BuildClear(key));
            }
        }
    }

    internal static bool IsSessionCookieName(string candidate, string name)
    {
        if (!candidate.StartsWith(name, StringComparison.Ordinal))
        {
            return false;
        }

        if (candidate.Length == name.Length)
        {
            return true;
        }

        if (candidate[name.Length] != '.' || candidate.Length == name.Length + 1)
        {
            return false;
        }

        foreach (var c in candidate.AsSpan(name.Length + 1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
