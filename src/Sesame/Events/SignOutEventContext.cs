using Microsoft.AspNetCore.Http;
using Sesame.Jwt;

namespace Sesame.Events;

/// <summary>The <c>signOut</c> event.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Token">JWT strategy: the claims of the token that was signed out.</param>
/// <param name="UserId">The signed-out user's id, when known.</param>
public sealed record SignOutEventContext(HttpContext HttpContext, JwtClaims? Token, string? UserId);
