using Microsoft.Extensions.Logging;

namespace Sesame.Logging;

/// <summary>Sesame's log messages. Event ids are stable; no message ever carries a token, cookie value, code or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Debug, "The session token could not be decoded (malformed, tampered, expired or made with another secret); the request has no session (a session cookie is cleared).")]
    public static partial void SessionTokenRejected(ILogger logger);

    [LoggerMessage(1021, LogLevel.Debug, "The session token decoded but has no expiry (exp) or was issued (iat) in the future: Sesame never issues one, so the request has no session (the cookie is cleared).")]
    public static partial void SessionTokenTimesRefused(ILogger logger);

    [LoggerMessage(1002, LogLevel.Warning, "The request's callbackUrl (from {Source}) is not an http(s) URL or a path; answering with a configuration error.")]
    public static partial void InvalidCallbackUrl(ILogger logger, string source);

    [LoggerMessage(1003, LogLevel.Information, "CSRF check failed for {Method} {Action}.")]
    public static partial void CsrfFailed(ILogger logger, string method, string action);

    [LoggerMessage(1004, LogLevel.Information, "Credentials sign-in with provider '{ProviderId}' failed: wrong credentials.")]
    public static partial void CredentialsRejected(ILogger logger, string providerId);

    [LoggerMessage(1005, LogLevel.Error, "The authorize delegate of credentials provider '{ProviderId}' threw; treated as wrong credentials.")]
    public static partial void AuthorizeFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(1006, LogLevel.Information, "The signIn callback denied the sign-in of user '{UserId}'.")]
    public static partial void SignInDenied(ILogger logger, string userId);

    [LoggerMessage(1007, LogLevel.Error, "The {EventName} event threw; the request goes on.")]
    public static partial void EventFailed(ILogger logger, Exception exception, string eventName);

    [LoggerMessage(1008, LogLevel.Error, "Reading the session failed; answering 'no session'.")]
    public static partial void SessionReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(1009, LogLevel.Information, "Request body over {Limit} bytes refused on {Action}.")]
    public static partial void BodyTooLarge(ILogger logger, int limit, string action);

    [LoggerMessage(1010, LogLevel.Warning, "Unsupported request {Method} {Action}.")]
    public static partial void UnsupportedAction(ILogger logger, string method, string action);

    [LoggerMessage(1011, LogLevel.Information, "User '{UserId}' signed in with provider '{ProviderId}'.")]
    public static partial void SignedIn(ILogger logger, string userId, string providerId);

    [LoggerMessage(1012, LogLevel.Information, "Session signed out.")]
    public static partial void SignedOut(ILogger logger);

    [LoggerMessage(1013, LogLevel.Error, "The sign-in of user '{UserId}' failed while issuing the session.")]
    public static partial void IssueFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(1014, LogLevel.Debug, "Client log ({Level}): {Code}")]
    public static partial void ClientLog(ILogger logger, string level, string code);

    [LoggerMessage(1015, LogLevel.Warning, "The trusted forwarded host '{Host}' is not a valid host; using the request's Host.")]
    public static partial void InvalidForwardedHost(ILogger logger, string host);

    [LoggerMessage(1016, LogLevel.Error, "The session store failed; the request is treated as signed out and nothing is written.")]
    public static partial void SessionStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(1020, LogLevel.Debug, "The store failed again ({ExceptionType}); the request fails closed as before. Logged at Error at most 5 times per 10 s.")]
    public static partial void StoreFailedAgain(ILogger logger, string exceptionType);

    [LoggerMessage(1017, LogLevel.Information, "Malformed request body (JSON the parser refuses) answered 400 on {Action}.")]
    public static partial void BodyMalformed(ILogger logger, string action);

    [LoggerMessage(1018, LogLevel.Warning, "{Problem} Accepted because the environment is Development; it would be refused elsewhere.")]
    public static partial void WeakSecretInDevelopment(ILogger logger, string problem);

    [LoggerMessage(1019, LogLevel.Information, "The callback-url cookie is not an http(s) URL or a path (planted or corrupted); it is replaced and the request goes on.")]
    public static partial void InvalidCallbackCookieReplaced(ILogger logger);

    [LoggerMessage(2001, LogLevel.Debug, "An API request without a session was answered 401.")]
    public static partial void ApiChallenged(ILogger logger);

    [LoggerMessage(2002, LogLevel.Debug, "A page request without a session was redirected to the sign-in page.")]
    public static partial void PageChallenged(ILogger logger);

    [LoggerMessage(2003, LogLevel.Debug, "An API request whose user lacks the required access was answered 403.")]
    public static partial void ApiForbidden(ILogger logger);

    [LoggerMessage(2004, LogLevel.Debug, "A page request whose user lacks the required access was redirected to the error page (AccessDenied).")]
    public static partial void PageForbidden(ILogger logger);

    [LoggerMessage(2005, LogLevel.Information, "Route protection refused a request to a protected path ({Reason}).")]
    public static partial void RouteRefused(ILogger logger, string reason);

    [LoggerMessage(2006, LogLevel.Warning, "User '{UserId}' failed re-validation (gone or inactive); the sensitive action is refused.")]
    public static partial void UserRejected(ILogger logger, string userId);

    [LoggerMessage(2007, LogLevel.Warning, "The fresh-user requirement was evaluated without an HttpContext resource; it fails.")]
    public static partial void FreshUserWithoutHttpContext(ILogger logger);

    [LoggerMessage(2008, LogLevel.Error, "Re-validating user '{UserId}' threw; the sensitive action is refused.")]
    public static partial void UserValidationFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(2009, LogLevel.Information, "The session's last authentication is older than the {MaxAgeSeconds} s the endpoint requires; re-authentication is asked for.")]
    public static partial void SessionNotFresh(ILogger logger, long maxAgeSeconds);

    [LoggerMessage(2010, LogLevel.Debug, "An API request needing a fresher authentication was answered 401 with a step-up challenge.")]
    public static partial void ApiReauthenticationChallenged(ILogger logger);

    [LoggerMessage(3001, LogLevel.Error, "Finding or creating the user of a sign-in with provider '{ProviderId}' failed in the store; the sign-in is refused.")]
    public static partial void SignInStoreFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(3002, LogLevel.Information, "A sign-in with provider '{ProviderId}' was refused: its e-mail address belongs to another user and the provider may not link accounts by e-mail (OAuthAccountNotLinked).")]
    public static partial void AccountNotLinked(ILogger logger, string providerId);

    [LoggerMessage(3003, LogLevel.Warning, "Concurrent first sign-ins with provider '{ProviderId}' did not settle after retries; this attempt is refused.")]
    public static partial void SignInRaceUnresolved(ILogger logger, string providerId);

    [LoggerMessage(3004, LogLevel.Information, "A sign-in with provider '{ProviderId}' was refused: {Error}.")]
    public static partial void SignInRefused(ILogger logger, string providerId, string error);

    [LoggerMessage(3005, LogLevel.Error, "Sign-out could not end the session (its store failed); the session cookie is kept and the sign-out reports the failure.")]
    public static partial void SignOutFailed(ILogger logger);

    [LoggerMessage(4001, LogLevel.Error, "Starting the sign-in with OAuth provider '{ProviderId}' failed (discovery, issuer unreachable or configuration); answering OAuthSignin.")]
    public static partial void OAuthStartFailed(ILogger logger, Exception? exception, string providerId);

    [LoggerMessage(4002, LogLevel.Warning, "A callback of OAuth provider '{ProviderId}' reached the endpoint without its remote handler; answering OAuthCallback.")]
    public static partial void OAuthCallbackUnhandled(ILogger logger, string providerId);

    [LoggerMessage(4003, LogLevel.Information, "OAuth provider '{ProviderId}' answered the authorization with error '{Error}'; answering Callback.")]
    public static partial void OAuthIdentityProviderError(ILogger logger, string providerId, string error);

    [LoggerMessage(4004, LogLevel.Warning, "The callback of OAuth provider '{ProviderId}' failed (check values, token request or ID token); answering OAuthCallback.")]
    public static partial void OAuthCallbackFailed(ILogger logger, Exception? exception, string providerId);

    [LoggerMessage(4005, LogLevel.Error, "Signing in the account of OAuth provider '{ProviderId}' failed; answering Callback.")]
    public static partial void OAuthSignInFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(4006, LogLevel.Warning, "OAuth provider '{ProviderId}' refused to refresh an access token ({Status} {Error}); the session gets RefreshAccessTokenError.")]
    public static partial void TokenRefreshRefused(ILogger logger, string providerId, int status, string error);

    [LoggerMessage(4007, LogLevel.Warning, "Refreshing an access token of OAuth provider '{ProviderId}' failed; the session gets RefreshAccessTokenError.")]
    public static partial void TokenRefreshFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(4008, LogLevel.Warning, "Fetching the discovery document or JWKS of OAuth provider '{ProviderId}' failed; the last one fetched is used.")]
    public static partial void DiscoveryRefreshFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(5001, LogLevel.Information, "An e-mail sign-in with provider '{ProviderId}' was refused before anything was stored or sent: the address has {Reason}.")]
    public static partial void EmailAddressRefused(ILogger logger, string providerId, string reason);

    [LoggerMessage(5002, LogLevel.Warning, "E-mail sign-in links of provider '{ProviderId}' are asked for too often (per {Kind}); answering 429 or EmailSignin, no mail sent.")]
    public static partial void EmailRateLimited(ILogger logger, string providerId, string kind);

    [LoggerMessage(5003, LogLevel.Error, "The verification token or user store failed during an e-mail sign-in with provider '{ProviderId}'.")]
    public static partial void EmailStoreFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(5004, LogLevel.Error, "The sign-in e-mail of provider '{ProviderId}' could not be sent; its token was deleted and the user sees EmailSignin.")]
    public static partial void EmailSendFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(5005, LogLevel.Debug, "A sign-in e-mail of provider '{ProviderId}' was sent.")]
    public static partial void EmailSent(ILogger logger, string providerId);

    [LoggerMessage(5006, LogLevel.Information, "An e-mail sign-in link of provider '{ProviderId}' was refused ({Reason}); answering Verification.")]
    public static partial void EmailLinkRejected(ILogger logger, string providerId, string reason);

    [LoggerMessage(5007, LogLevel.Warning, "The token of an e-mail that could not be sent (provider '{ProviderId}') could not be deleted; it expires unused.")]
    public static partial void EmailTokenCleanupFailed(ILogger logger, Exception exception, string providerId);

    [LoggerMessage(6000, LogLevel.Information, "A session reached its absolute lifetime (Session.AbsoluteLifetime) and ended; the user must sign in again.")]
    public static partial void SessionLifetimeEnded(ILogger logger);

    [LoggerMessage(6100, LogLevel.Debug, "A revoked JWT session (or one without a session id) was presented; the request has no session and its cookie is cleared.")]
    public static partial void RevokedSessionPresented(ILogger logger);

    [LoggerMessage(6101, LogLevel.Error, "The session revocation store failed; the JWT session is treated as signed out (its cookie is kept) until the store answers again.")]
    public static partial void RevocationStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(6102, LogLevel.Error, "Registering the revocable JWT session of user '{UserId}' failed; the sign-in is refused.")]
    public static partial void RevocableSessionNotRegistered(ILogger logger, Exception exception, string userId);

    [LoggerMessage(6103, LogLevel.Warning, "JWT session '{SessionId}' is behind server-side updates that are no longer kept (or unreadable); it is signed out so that it cannot keep the old data.")]
    public static partial void SessionUpdatesLost(ILogger logger, string sessionId);

    [LoggerMessage(6104, LogLevel.Information, "Server-side update of user '{UserId}''s session data: {Count} session(s) will apply it on their next request.")]
    public static partial void SessionsUpdated(ILogger logger, string userId, int count);

    [LoggerMessage(6105, LogLevel.Error, "Telling the other instances that a user's cached sessions changed failed; their caches catch up within {Duration}.")]
    public static partial void SessionCacheNotifyFailed(ILogger logger, Exception exception, TimeSpan duration);

    [LoggerMessage(7001, LogLevel.Information, "User '{UserId}' passed the first factor; the second is asked for before a session is issued.")]
    public static partial void SecondFactorRequired(ILogger logger, string userId);

    [LoggerMessage(7002, LogLevel.Information, "User '{UserId}' passed the second factor ({Method}); the session is issued.")]
    public static partial void SecondFactorPassed(ILogger logger, string userId, string method);

    [LoggerMessage(7003, LogLevel.Information, "A second-factor code for user '{UserId}' was refused ({Reason}).")]
    public static partial void SecondFactorRejected(ILogger logger, string userId, string reason);

    [LoggerMessage(7004, LogLevel.Information, "A second-factor verification had no usable partial sign-in ({Reason}); the user must sign in again.")]
    public static partial void PartialSignInUnusable(ILogger logger, string reason);

    [LoggerMessage(7005, LogLevel.Error, "The TOTP store failed; the second factor is refused (fail closed).")]
    public static partial void TotpStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(1050, LogLevel.Warning, "Credentials sign-in with provider '{ProviderId}' refused: too many wrong attempts from this client (429).")]
    public static partial void CredentialsRateLimited(ILogger logger, string providerId);

    [LoggerMessage(6010, LogLevel.Warning, "A session token of {Length} characters is over Session.MaxTokenSize ({Max}): it is not written (an update is refused with 413); keep less data in the session.")]
    public static partial void SessionTokenTooLarge(ILogger logger, int length, int max);
}
