using Sesame.Jwt;
using Sesame.Stores;

namespace Sesame.Sessions;

/// <summary>A resolved session: the session object (after the <c>session</c> callback), and the token or stored row and user it came from.</summary>
internal sealed record SessionReadResult(Session? Session, JwtClaims? Token, SesameUser? User, SesameSession? Stored = null)
{
    public static readonly SessionReadResult None = new(null, null, null);
}
