using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sesame.Cookies;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Where a request's session token comes from: the session cookie (reassembled from chunks), else, when the app allows it,
/// an <c>Authorization: Bearer</c> header, percent-decoded as next-auth's <c>getToken</c> does. Every strategy reads here.
/// </summary>
internal static class SessionTokenSource
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The raw token, or <see langword="null"/>. <paramref name="fromBearer"/> tells a header token, for which no cookie may be written.</summary>
    public static string? Read(HttpContext httpContext, SesameSettings settings, out bool fromBearer)
    {
        fromBearer = false;
        var cookie = SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), settings.Cookies.SessionToken);
        if (cookie is not null || !settings.AcceptBearerTokens)
        {
            return cookie;
        }

        var bearer = ReadBearer(httpContext.Request.Headers);
        fromBearer = bearer is not null;
        return bearer;
    }

    /// <summary>The percent-decoded bearer token, or <see langword="null"/> when there is none or its escapes are malformed.</summary>
    internal static string? ReadBearer(IHeaderDictionary headers)
    {
        var values = headers[HeaderNames.Authorization];
        if (values.Count != 1 || values[0] is not { } header ||
            header.Length <= BearerPrefix.Length || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var encoded = header.AsSpan(BearerPrefix.Length).Trim();
        return encoded.IsEmpty ? null : PercentDecoding.Decode(encoded);
    }
}
