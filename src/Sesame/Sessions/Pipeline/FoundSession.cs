using Sesame.Jwt;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>A session a strategy found: its token (JWT strategy) or its row and user (database strategy), and its times.</summary>
internal sealed class FoundSession
{
    /// <summary>The token's claims (JWT strategy); the <c>jwt</c> callback may change or replace them.</summary>
    public JwtClaims? Token { get; set; }

    /// <summary>The user (database strategy).</summary>
    public SesameUser? User { get; init; }

    /// <summary>The session row (database strategy).</summary>
    public SesameSession? Stored { get; set; }

    /// <summary>The presented secret token (database strategy: the cookie value the row is keyed by).</summary>
    public string? SessionToken { get; init; }

    /// <summary>
    /// Server-side updates the token has not applied yet (a revocable JWT session, <c>UpdateSessionsAsync</c>), oldest
    /// first, which the pipeline hands to the <c>jwt</c> callback before the read; <see langword="null"/> for none.
    /// </summary>
    public IReadOnlyList<System.Text.Json.JsonElement>? ServerUpdates { get; init; }

    /// <summary>The session's version once <see cref="ServerUpdates"/> are applied.</summary>
    public long ServerUpdateVersion { get; init; }

    /// <summary>When the session ends unless refreshed.</summary>
    public required DateTimeOffset Expires { get; set; }

    /// <summary>When it was issued or last refreshed; <see langword="null"/> when unknown (then it is due).</summary>
    public DateTimeOffset? RefreshedAt { get; init; }

    /// <summary>
    /// When the user signed in to this session (their last real authentication): the token's <c>auth_time</c>, or the
    /// row's <c>createdAt</c> (every sign-in makes a new row, so the row's creation is the authentication).
    /// <see langword="null"/> when unknown: a token minted by next-auth or an earlier Sesame, a row written by next-auth.
    /// Read on demand, without allocating.
    /// </summary>
    public DateTimeOffset? AuthenticatedAt => Stored is { } row ? row.CreatedAt : Token is { } token ? SessionClaims.AuthTimeOf(token) : null;

    /// <summary>
    /// Whether the session is persistent (its cookie has <c>Expires</c>) rather than a browser session: the row's
    /// <c>persistent</c> column or the token's <c>persistent</c> claim; true when either says nothing (next-auth's).
    /// </summary>
    public bool IsPersistent => Stored is { } row ? row.Persistent != false : Token is not { } token || SessionClaims.IsPersistent(token);
}
