using Microsoft.AspNetCore.Http;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Where sessions live: chosen once at start-up (JWT cookie or database row), so that no request asks "which
/// strategy?" again. A strategy only finds, creates, refreshes and revokes sessions; what happens around that on every
/// read (callbacks, lifetime, cookies, events, the never-500 guard) is the <see cref="SessionPipeline"/>'s, written once.
/// </summary>
internal interface ISessionStrategy
{
    /// <summary>
    /// Finds the session of the token the request presents (cookie, or bearer where allowed). Never throws for bad
    /// input; a store that fails answers <see cref="SessionLookupStatus.Unavailable"/>.
    /// </summary>
    ValueTask<SessionLookup> FindAsync(HttpContext httpContext, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a refresh moves server-side state (a row's expiry), so that a bearer caller's read refreshes it too;
    /// false when the refresh is only a new cookie (JWT), which a read that may not write cookies skips.
    /// </summary>
    bool RefreshesServerSide { get; }

    /// <summary>The session as the app and the client see it, before the <c>session</c> callback.</summary>
    Session ToSession(FoundSession found, DateTimeOffset expires);

    /// <summary>
    /// Makes <paramref name="found"/> last until <paramref name="expires"/>: the cookie value to write (a re-encoded token,
    /// or the same token after its row moved), nothing when nothing moved, or a failure when the read must fail closed.
    /// </summary>
    ValueTask<RefreshResult> RefreshAsync(HttpContext httpContext, FoundSession found, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the session <paramref name="grant"/> describes and writes its cookie: persistent, or a browser session
    /// (remember-me not chosen). False when it could not be made (the <c>jwt</c> callback ended it, the store failed).
    /// </summary>
    Task<bool> IssueAsync(HttpContext httpContext, SessionGrant grant, CancellationToken cancellationToken);

    /// <summary>
    /// Ends <paramref name="found"/>, or the session the request's cookie presents when it is <see langword="null"/>,
    /// wherever the strategy keeps it (a row is deleted; a JWT lives only in the cookie the pipeline clears). Not ended
    /// when the store failed: the caller must not report success.
    /// </summary>
    Task<RevokeResult> RevokeAsync(HttpContext httpContext, FoundSession? found, CancellationToken cancellationToken);

    /// <summary>Lists and revokes a user's sessions, where the strategy keeps them server-side; <see langword="null"/> otherwise.</summary>
    ISessionDirectory? DirectoryFor(IServiceProvider services);
}
