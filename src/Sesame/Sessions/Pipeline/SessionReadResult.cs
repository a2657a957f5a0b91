using Sesame.Jwt;
using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>A resolved session: the session object (after the <c>session</c> callback), and the token or stored row and user it came from.</summary>
internal sealed record SessionReadResult(Session? Session, JwtClaims? Token, SesameUser? User, SesameSession? Stored = null)
{
    public static readonly SessionReadResult None = new(null, null, null);

    /// <summary>
    /// Refused: the update (or the <c>jwt</c> callback) would make the session token larger than
    /// <c>Session.MaxTokenSize</c>. Nothing was written; the session keeps its current cookie.
    /// </summary>
    public static readonly SessionReadResult TooLarge = new(null, null, null) { IsTooLarge = true };

    /// <summary>Whether this is <see cref="TooLarge"/>.</summary>
    public bool IsTooLarge { get; private init; }

    /// <summary>
    /// When the user last really authenticated to this session (the row's <c>createdAt</c>, or the token's
    /// <c>auth_time</c>); <see langword="null"/> when unknown (a next-auth token or row), which is never fresh.
    /// </summary>
    public DateTimeOffset? AuthenticatedAt => Stored is { } row ? row.CreatedAt : Token is { } token ? SessionClaims.AuthTimeOf(token) : null;
}
