using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Cookies;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Logging;
using Sesame.Stores;

namespace Sesame.Sessions;

/// <summary>
/// Sessions as encrypted JWTs in a cookie. A read decrypts and checks the token; the cookie is re-encrypted only when
/// <c>updateAge</c> has passed since it was issued, after an update, or when the <c>jwt</c> callback changed the token,
/// so most reads write nothing.
/// </summary>
internal sealed class JwtSessionStrategy(
    SesameSettings settings,
    CachingJwtCodec codec,
    SessionEvents events,
    TimeProvider timeProvider,
    ILogger<JwtSessionStrategy> logger) : ISessionStrategy
{
    public async ValueTask<SessionReadResult> ReadAsync(HttpContext httpContext, SessionRead read, CancellationToken cancellationToken)
    {
        var request = httpContext.Request;
        var spec = settings.Cookies.SessionToken;
        if (!TryDecodeKnownCookie(httpContext, out var decoded))
        {
            var raw = SessionTokenSource.Read(httpContext, settings, out var fromBearer);
            if (raw is null)
            {
                return SessionReadResult.None;
            }

            if (fromBearer)
            {
                // A bearer caller keeps its token itself: never refresh or clear cookies it does not have.
                read = read with { WriteCookies = false };
            }

            decoded = codec.Decode(raw, settings.SessionTokenSalt);
        }

        if (decoded is null)
        {
            Log.SessionTokenRejected(logger);
            ClearIfAllowed(httpContext, read);
            return SessionReadResult.None;
        }

        var token = decoded;
        var changed = false;
        if (settings.HasJwtCallback)
        {
            // The token is re-encrypted only if the callback changed it: the claims notice their own changes instead of
            // being serialized before and after (see JwtClaims.BeginTracking).
            var context = new JwtContext(httpContext, decoded, read.Trigger, null, null, null, read.Data);
            decoded.BeginTracking();
            try
            {
                await settings.Callbacks.JwtAsync(context).ConfigureAwait(false);
            }
            finally
            {
                changed = decoded.EndTracking();
            }

            if (context.IsSessionEnded)
            {
                ClearIfAllowed(httpContext, read);
                return SessionReadResult.None;
            }

            token = context.Token;
            changed |= !ReferenceEquals(token, decoded);
        }

        var now = timeProvider.GetUtcNow();
        var reissue = read.Trigger == JwtTrigger.Update || changed || IsDue(token, now);
        var expires = reissue ? now + settings.SessionLifetime : DateTimeOffset.FromUnixTimeSeconds(token.ExpiresAt!.Value);

        var session = new Session
        {
            User = SessionUser.FromToken(token),
            Expires = expires,
        };
        if (settings.HasSessionCallback)
        {
            var context = new SessionContext(httpContext, session, token, null, read.Trigger, read.Data);
            await settings.Callbacks.SessionAsync(context).ConfigureAwait(false);
            if (context.IsSessionEnded)
            {
                ClearIfAllowed(httpContext, read);
                return SessionReadResult.None;
            }

            session = context.Session;
        }

        if (reissue && read.WriteCookies)
        {
            var encoded = codec.Encode(token, settings.SessionLifetime, settings.SessionTokenSalt);
            SessionCookieStore.Write(httpContext, spec, settings.Cookies.SessionChunkSize, encoded, expires);
        }

        if (read.FireEvent && events.HasSessionEvent)
        {
            await events.SessionAsync(new SessionEventContext(httpContext, session, token)).ConfigureAwait(false);
        }

        return new SessionReadResult(session, token, null);
    }

    public async Task<bool> IssueAsync(HttpContext httpContext, SesameUser user, SesameAccount account, bool? isNewUser, CancellationToken cancellationToken)
    {
        var token = new JwtClaims { Name = user.Name, Email = user.Email, Picture = user.Image, Subject = user.Id };
        if (settings.HasJwtCallback)
        {
            var trigger = isNewUser == true ? JwtTrigger.SignUp : JwtTrigger.SignIn;
            var context = new JwtContext(httpContext, token, trigger, user, account, isNewUser, null);
            await settings.Callbacks.JwtAsync(context).ConfigureAwait(false);
            if (context.IsSessionEnded)
            {
                return false;
            }

            token = context.Token;
        }

        var expires = timeProvider.GetUtcNow() + settings.SessionLifetime;
        var encoded = codec.Encode(token, settings.SessionLifetime, settings.SessionTokenSalt);
        SessionCookieStore.Write(httpContext, settings.Cookies.SessionToken, settings.Cookies.SessionChunkSize, encoded, expires);
        return true;
    }

    public async Task SignOutAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var spec = settings.Cookies.SessionToken;
        var raw = SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), spec);
        if (raw is null)
        {
            return;
        }

        var token = codec.Decode(raw, settings.SessionTokenSalt);
        SessionCookieStore.Clear(httpContext, spec);
        Log.SignedOut(logger);
        await events.SignOutAsync(new SignOutEventContext(httpContext, token, token?.Subject)).ConfigureAwait(false);
    }

    /// <summary>
    /// The usual request: one session cookie (not chunked) holding a token the codec decoded recently. Its claims are
    /// taken from the codec without copying the token out of the Cookie header; false for anything else, which the
    /// general path reads.
    /// </summary>
    private bool TryDecodeKnownCookie(HttpContext httpContext, out JwtClaims? decoded)
    {
        decoded = null;
        var cookies = HeaderRequestCookies.Of(httpContext);
        var spec = settings.Cookies.SessionToken;
        // a percent-escape would make the cookie's value differ from the text sent (no token has one)
        return cookies.TryGetRaw(spec.FirstChunkName, out _) == HeaderRequestCookies.Lookup.Absent &&
               cookies.TryGetRaw(spec.Name, out var token) == HeaderRequestCookies.Lookup.Found &&
               !token.Contains('%') &&
               codec.TryDecodeKnown(token, settings.SessionTokenSalt, out decoded);
    }

    private bool IsDue(JwtClaims token, DateTimeOffset now) =>
        token.ExpiresAt is null || token.IssuedAt is not { } issuedAt ||
        now - DateTimeOffset.FromUnixTimeSeconds(issuedAt) >= settings.SessionUpdateAge;

    private void ClearIfAllowed(HttpContext httpContext, SessionRead read)
    {
        if (read.WriteCookies)
        {
            SessionCookieStore.Clear(httpContext, settings.Cookies.SessionToken);
        }
    }
}
