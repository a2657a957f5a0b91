using Sesame.Jwt;
using Sesame.Stores;

namespace Sesame.Sessions;

/// <summary>A resolved session: the session object (after the <c>session</c> callback), the token or user it came from.</summary>
internal sealed record SessionReadResult(Session? Session, JwtClaims? Token, SesameUser? User)
{
    public static readonly SessionReadResult None = new(null, null, null);
}
