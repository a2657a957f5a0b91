using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Cookies;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Logging;
using Sesame.Sessions.Revocation;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Sessions as encrypted JWTs in a cookie. Finding one decodes the token (most often from the decoded-token memo,
/// straight from the Cookie header); refreshing it re-encodes the token, which the pipeline does only when due. With
/// <c>Jwt.Revocable</c>, a session found is also checked against the revocation store (one cached lookup), issuing one
/// registers it, refreshing one moves its registration and revoking one deletes it. Without it, a session ended here is
/// remembered by this instance (<see cref="SignedOutJwtSessions"/>), so that no request racing its sign-out revives it.
/// </summary>
internal sealed class JwtSessionStrategy(
    SesameSettings settings,
    CachingJwtCodec codec,
    SessionLifetimePolicy lifetime,
    TimeProvider timeProvider,
    JwtSessionRevocation revocation,
    SignedOutJwtSessions signedOut,
    ILogger<JwtSessionStrategy> logger) : ISessionStrategy
{
    public bool RefreshesServerSide => false;

    public ValueTask<SessionLookup> FindAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var fromBearer = false;
        if (!TryDecodeKnownCookie(httpContext, out var decoded))
        {
            var raw = SessionTokenSource.Read(httpContext, settings, out fromBearer);
            if (raw is null)
            {
                return ValueTask.FromResult(SessionLookup.None);
            }

            decoded = codec.Decode(raw, settings.SessionTokenSalt);
        }

        if (decoded is null)
        {
            Log.SessionTokenRejected(logger);
            return ValueTask.FromResult(SessionLookup.Invalid(fromBearer));
        }

        if (!HasSessionTimes(decoded, timeProvider.GetUtcNow().ToUnixTimeSeconds()))
        {
            Log.SessionTokenTimesRefused(logger);
            return ValueTask.FromResult(SessionLookup.Invalid(fromBearer));
        }

        if (!revocation.Enabled && signedOut.Contains(decoded))
        {
            Log.RevokedSessionPresented(logger);
            return ValueTask.FromResult(SessionLookup.Invalid(fromBearer));
        }

        var found = new FoundSession
        {
            Token = decoded,
            Expires = decoded.ExpiresAt is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.MinValue,
            RefreshedAt = decoded.ExpiresAt is null ? null : decoded.IssuedAt is { } iat ? DateTimeOffset.FromUnixTimeSeconds(iat) : null,
        };
        if (revocation.Enabled)
        {
            var check = revocation.CheckAsync(decoded, cancellationToken);
            if (!check.IsCompletedSuccessfully)
            {
                return CheckedAsync(check, found, fromBearer, cancellationToken);
            }

            var result = check.Result;
            return IsBehind(result, found) ? CatchUpAsync(result, found, fromBearer, cancellationToken) : ValueTask.FromResult(Checked(result, found, fromBearer));
        }

        return ValueTask.FromResult(SessionLookup.Found(found, fromBearer));
    }

    public Session ToSession(FoundSession found, DateTimeOffset expires) => new()
    {
        User = SessionUser.FromToken(found.Token!),
        Expires = expires,
    };

    public ValueTask<RefreshResult> RefreshAsync(HttpContext httpContext, FoundSession found, DateTimeOffset expires, CancellationToken cancellationToken) =>
        revocation.Enabled
            ? RefreshRevocableAsync(found, expires, cancellationToken)
            : ValueTask.FromResult(new RefreshResult(true, codec.Encode(found.Token!, MaxAgeUntil(expires), settings.SessionTokenSalt)));

    public async Task<bool> IssueAsync(HttpContext httpContext, SessionGrant grant, CancellationToken cancellationToken)
    {
        var (user, account, isNewUser, persistent) = (grant.User, grant.Account, grant.IsNewUser, grant.Persistent);
        var token = new JwtClaims { Name = user.Name, Email = user.Email, Subject = user.Id };
        if (!grant.OmitsImage)
        {
            token.Picture = user.Image;
        }

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

        // After the callback, so that the sign-in time is Sesame's whatever the callback did to the token.
        var now = timeProvider.GetUtcNow();
        SessionClaims.SetAuthTime(token, now);
        SessionClaims.SetPersistent(token, persistent);
        if (grant.AuthenticationMethods is { } methods)
        {
            SessionClaims.SetAuthenticationMethods(token, methods);
        }

        var expires = lifetime.ExpiresAtSignIn(now, persistent);
        if (revocation.Enabled)
        {
            if (!await revocation.RegisterAsync(httpContext, token, user.Id, now, expires, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            // The session this browser presented ends with the new one: a planted or stolen cookie does not outlive the
            // sign-in it was sent with. Best effort: the new session is valid whatever became of the old one.
            if (PresentedToken(httpContext) is { } presented)
            {
                await revocation.RevokeAsync(presented, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            // named, so that this instance can tell it apart from the user's other sessions once it ends; and the
            // session this browser presented ends with the new one here too
            SignedOutJwtSessions.Name(token);
            if (PresentedToken(httpContext) is { } presented)
            {
                signedOut.Add(presented);
            }
        }

        var encoded = codec.Encode(token, MaxAgeUntil(expires), settings.SessionTokenSalt);
        SessionCookieStore.Write(httpContext, settings.Cookies.SessionToken, settings.Cookies.SessionChunkSize, encoded, persistent ? expires : null);
        return true;
    }

    public async Task<RevokeResult> RevokeAsync(HttpContext httpContext, FoundSession? found, CancellationToken cancellationToken)
    {
        // A JWT lives in its cookie, which the pipeline clears; a revocable one also leaves the revocation store, so that
        // a copy of the cookie stops working everywhere; a plain one is remembered as ended by this instance.
        var token = found is null ? PresentedToken(httpContext) : found.Token;
        if (!revocation.Enabled)
        {
            if (token is not null)
            {
                signedOut.Add(token);
            }

            return new RevokeResult(true, token?.Subject, token);
        }

        var ended = await revocation.RevokeAsync(token, cancellationToken).ConfigureAwait(false);
        return new RevokeResult(ended, token?.Subject, token);
    }

    public ISessionDirectory? DirectoryFor(IServiceProvider services) =>
        revocation.Enabled ? new RevocableJwtSessionDirectory(revocation, codec, settings) : null;

    private SessionLookup Checked(RevocationCheck check, FoundSession found, bool fromBearer)
    {
        switch (check.Status)
        {
            case RevocationStatus.Active:
                return SessionLookup.Found(found, fromBearer);
            case RevocationStatus.Revoked:
                Log.RevokedSessionPresented(logger);
                return SessionLookup.Invalid(fromBearer);
            default:
                return SessionLookup.Unavailable(fromBearer);
        }
    }

    private async ValueTask<SessionLookup> CheckedAsync(ValueTask<RevocationCheck> pending, FoundSession found, bool fromBearer, CancellationToken cancellationToken)
    {
        var check = await pending.ConfigureAwait(false);
        return IsBehind(check, found) ? await CatchUpAsync(check, found, fromBearer, cancellationToken).ConfigureAwait(false) : Checked(check, found, fromBearer);
    }

    /// <summary>Whether the session has server-side updates its token has not applied (rare: an update was made since the token was issued).</summary>
    private static bool IsBehind(RevocationCheck check, FoundSession found) =>
        check.Status == RevocationStatus.Active && check.Version > SessionClaims.UpdateVersionOf(found.Token!);

    private async ValueTask<SessionLookup> CatchUpAsync(RevocationCheck check, FoundSession found, bool fromBearer, CancellationToken cancellationToken)
    {
        var (status, updates) = await revocation.PendingUpdatesAsync(found.Token!, check.Version, cancellationToken).ConfigureAwait(false);
        if (status != RevocationStatus.Active)
        {
            return Checked(new RevocationCheck(status, 0), found, fromBearer);
        }

        return SessionLookup.Found(new FoundSession
        {
            Token = found.Token,
            Expires = found.Expires,
            RefreshedAt = found.RefreshedAt,
            ServerUpdates = updates,
            ServerUpdateVersion = check.Version,
        }, fromBearer);
    }

    private async ValueTask<RefreshResult> RefreshRevocableAsync(FoundSession found, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        // The registration first: a token must never outlive the registration that makes it count.
        return await revocation.ExtendAsync(found.Token!, expires, cancellationToken).ConfigureAwait(false)
            ? new RefreshResult(true, codec.Encode(found.Token!, MaxAgeUntil(expires), settings.SessionTokenSalt))
            : RefreshResult.Failed;
    }

    private JwtClaims? PresentedToken(HttpContext httpContext) =>
        SessionCookieStore.Read(HeaderRequestCookies.Of(httpContext), settings.Cookies.SessionToken) is { } raw
            ? codec.Decode(raw, settings.SessionTokenSalt)
            : null;

    /// <summary>
    /// The token lifetime that makes its <c>exp</c> (whole seconds, from the codec's clock) land on
    /// <paramref name="expires"/>: rounded up, so that an absolute deadline (whole seconds from <c>auth_time</c>) is
    /// met exactly rather than a second early.
    /// </summary>
    private TimeSpan MaxAgeUntil(DateTimeOffset expires) =>
        TimeSpan.FromSeconds(Math.Ceiling((expires - timeProvider.GetUtcNow()).TotalSeconds));

    // The codec decodes as next-auth's decode does (JOSE): a token without exp, or issued in the future, decodes. No
    // session token is either (Sesame and next-auth always write exp, and iat = now), so such a token was minted with
    // the secret by something else (another app sharing it, a tool, a clock trick) and is no session.
    private static bool HasSessionTimes(JwtClaims token, long now) =>
        token.ExpiresAt is not null && !(token.IssuedAt > now + JwtPayloadReader.ClockToleranceSeconds);

    /// <summary>
    /// The usual request: one session cookie (not chunked) holding a token decoded recently. Its claims come from the
    /// memo without copying the token out of the Cookie header; false for anything else, which the general path reads.
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
}
