using Microsoft.AspNetCore.Http;
using Sesame.Jwt;
using Sesame.Sessions;

namespace Sesame.Events;

/// <summary>The <c>session</c> event: a session was read or updated.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Session">The session returned.</param>
/// <param name="Token">JWT strategy: the token.</param>
public sealed record SessionEventContext(HttpContext HttpContext, Session Session, JwtClaims? Token);
