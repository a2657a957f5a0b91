using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sesame.Cookies;

/// <summary>
/// Reads and writes the session token across chunk cookies (<c>name</c>, or <c>name.0</c>, <c>name.1</c>, …). Only
/// <c>name</c> and <c>name.&lt;digits&gt;</c> count as session cookies, so a foreign <c>name-foo</c> is never swallowed.
/// </summary>
internal static class SessionCookieStore
{
    /// <summary>
    /// The most chunks a session is read from (about 63 KB of token, far past what any browser sends in one request),
    /// and the most session cookies a response clears: what a client sends cannot make the server do more.
    /// </summary>
    public const int MaxChunks = 16;

    /// <summary>The most session cookie names one response clears (every spelling and chunk a read could have accepted, and then some).</summary>
    public const int MaxCleared = 2 * MaxChunks;

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

            // Stryker disable once Arithmetic : equivalent, only the builder's first capacity
            var builder = new System.Text.StringBuilder(first.Length * 3);
            builder.Append(first).Append(next);
            for (var index = 2; cookies.TryGetValue(string.Concat(name, ".", index.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var chunk); index++)
            {
                if (index == MaxChunks)
                {
                    // More chunks than any session of ours has: not a session (its cookies are cleared).
                    return "";
                }

                builder.Append(chunk);
            }

            return builder.ToString();
        }

        return cookies.TryGetValue(name, out var whole) && whole.Length > 0 ? whole : null;
    }

    /// <summary>
    /// Writes <paramref name="token"/> in as many chunks as it needs, first clearing every session cookie the request
    /// sent that the new chunks do not overwrite (a stale <c>.3</c> would otherwise corrupt the next read, and a
    /// case variant would outlive the session). A <see langword="null"/> <paramref name="expires"/> makes browser-session
    /// cookies (no <c>Expires</c>: remember-me not chosen).
    /// </summary>
    public static void Write(HttpContext httpContext, CookieSpec spec, int chunkSize, string token, DateTimeOffset? expires)
    {
        Security.PrivateResponses.NoStore(httpContext.Response);
        var chunkCount = Math.Max(1, (token.Length + chunkSize - 1) / chunkSize);
        // every issued or re-issued session cookie passes here (sign-in, refresh, update): one place to count them
        httpContext.RequestServices?.GetService<Diagnostics.SesameMetrics>()?.CookieWritten(token.Length, chunkCount);
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

        var response = httpContext.Response;
        foreach (var sent in HeaderRequestCookies.Of(httpContext).SentSessionCookieNames(spec.Name, MaxCleared))
        {
            if (Array.IndexOf(names, sent) < 0)
            {
                spec.Clear(response, sent);
            }
        }

        for (var index = 0; index < chunkCount; index++)
        {
            var start = index * chunkSize;
            var value = token.Substring(start, Math.Min(chunkSize, token.Length - start)); // the token itself when whole
            spec.Append(response, names[index], value, expires);
        }
    }

    /// <summary>Clears every session cookie the request sent, in every spelling a read accepts (bounded).</summary>
    public static void Clear(HttpContext httpContext, CookieSpec spec)
    {
        foreach (var sent in HeaderRequestCookies.Of(httpContext).SentSessionCookieNames(spec.Name, MaxCleared))
        {
            spec.Clear(httpContext.Response, sent);
        }
    }

    /// <summary>Whether <paramref name="candidate"/> is the session cookie or one of its chunks, in any letter case (as reads match names).</summary>
    internal static bool IsSessionCookieName(string candidate, string name) => IsSessionCookieName(candidate.AsSpan(), name);

    internal static bool IsSessionCookieName(ReadOnlySpan<char> candidate, string name)
    {
        if (!candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase))
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

        foreach (var c in candidate[(name.Length + 1)..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
