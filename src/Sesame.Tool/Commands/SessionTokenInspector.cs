using Microsoft.AspNetCore.Http;
using Sesame.Cookies;
using Sesame.Jwt;

namespace Sesame.Tool.Commands;

/// <summary>How a decode attempt ended.</summary>
internal enum InspectionOutcome
{
    /// <summary>Decoded and current.</summary>
    Valid,

    /// <summary>Authentic (made with one of the secrets) but expired, or not valid yet.</summary>
    Expired,

    /// <summary>No session token in the input (a Cookie header without a session cookie).</summary>
    NoToken,

    /// <summary>No secret, format and salt decodes it.</summary>
    Undecodable,
}

/// <summary>The cookie a token came from.</summary>
internal sealed record SessionCookieFound(string Name, int Chunks);

/// <summary>What the inspection found.</summary>
internal sealed record Inspection(InspectionOutcome Outcome)
{
    public string? Problem { get; init; }

    public string? Token { get; init; }

    public SessionCookieFound? Cookie { get; init; }

    public JwtClaims? Claims { get; init; }

    public JwtFormat Format { get; init; }

    public string? Salt { get; init; }

    public int SecretIndex { get; init; }
}

/// <summary>
/// Finds the session token in a token or Cookie header with Sesame's own cookie reader (chunks joined as a request's
/// would be) and decodes it with Sesame's own codec, trying each secret, format and plausible salt.
/// </summary>
internal static class SessionTokenInspector
{
    private static readonly string[] DefaultCookieNames =
    [
        "__Secure-next-auth.session-token",
        "next-auth.session-token",
        "__Secure-authjs.session-token",
        "authjs.session-token",
    ];

    public static Inspection Inspect(string input, IReadOnlyList<string> secrets, IReadOnlyList<JwtFormat> formats, string? salt, string? cookieName, TimeProvider time)
    {
        var text = input.Trim();
        if (text.StartsWith("Cookie:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["Cookie:".Length..].Trim();
        }

        SessionCookieFound? cookie = null;
        string token;
        // a compact JWE is base64url and dots: an '=' means name=value pairs
        if (text.Contains('=', StringComparison.Ordinal))
        {
            if (FromCookieHeader(text, cookieName) is not { } found)
            {
                return new Inspection(InspectionOutcome.NoToken)
                {
                    Problem = $"No session cookie in the Cookie header (looked for {string.Join(", ", cookieName is null ? DefaultCookieNames : [cookieName])} and their chunks .0, .1, …). Name yours with --cookie-name.",
                };
            }

            (token, cookie) = found;
        }
        else
        {
            token = text;
        }

        if (token.Length == 0)
        {
            return new Inspection(InspectionOutcome.NoToken) { Problem = "No token given: pass a session token or a Cookie header, or pipe one in." };
        }

        // an authentic token decodes at the Unix epoch too (an exp after it, no nbf after it): that tells expired from foreign
        var epoch = new FixedTime(DateTimeOffset.UnixEpoch);
        var tried = new List<string>();
        foreach (var format in formats)
        {
            foreach (var candidateSalt in Salts(format, salt, cookie?.Name))
            {
                tried.Add($"{(format == JwtFormat.AuthJsV5 ? "v5" : "v4")} salt {(candidateSalt.Length == 0 ? "(none)" : candidateSalt)}");
                for (var index = 0; index < secrets.Count; index++)
                {
                    string[] one = [secrets[index]];
                    if (new NextAuthJwtCodec(one, format, time).Decode(token, candidateSalt) is { } claims)
                    {
                        return new Inspection(InspectionOutcome.Valid) { Token = token, Cookie = cookie, Claims = claims, Format = format, Salt = candidateSalt, SecretIndex = index };
                    }

                    if (new NextAuthJwtCodec(one, format, epoch).Decode(token, candidateSalt) is { } stale)
                    {
                        return new Inspection(InspectionOutcome.Expired) { Token = token, Cookie = cookie, Claims = stale, Format = format, Salt = candidateSalt, SecretIndex = index };
                    }
                }
            }
        }

        return new Inspection(InspectionOutcome.Undecodable)
        {
            Token = token,
            Cookie = cookie,
            Problem = $"Could not decode the token with {(secrets.Count == 1 ? "the secret" : $"any of the {secrets.Count} secrets")} (tried {string.Join("; ", tried)}). "
                + "It was made with another secret, is not a session token, or was cut short (a chunk missing). For Auth.js v5 the salt is the cookie's name: pass --salt.",
        };
    }

    private static (string Token, SessionCookieFound Cookie)? FromCookieHeader(string header, string? cookieName)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = header;
        var cookies = HeaderRequestCookies.Of(http);
        foreach (var name in cookieName is null ? DefaultCookieNames : [cookieName])
        {
            var spec = new CookieSpec(name, "/", domain: null, httpOnly: true, secure: false, SameSiteMode.Lax);
            if (SessionCookieStore.Read(cookies, spec) is { Length: > 0 } token)
            {
                var chunks = cookies.SentSessionCookieNames(name, SessionCookieStore.MaxCleared).Count(sent => sent.Contains('.', StringComparison.Ordinal) && sent.Length > name.Length);
                return (token, new SessionCookieFound(name, Math.Max(1, chunks)));
            }
        }

        return null;
    }

    private static IEnumerable<string> Salts(JwtFormat format, string? salt, string? cookieName)
    {
        if (salt is not null)
        {
            return [salt];
        }

        if (format == JwtFormat.NextAuthV4)
        {
            return [""];
        }

        return cookieName is not null ? [cookieName] : ["authjs.session-token", "__Secure-authjs.session-token"];
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
