using Microsoft.AspNetCore.Http;
using Sesame.Stores;

namespace Sesame.Events;

/// <summary>The <c>createUser</c> event: a sign-in created <paramref name="User"/> in the user store.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="User">The stored user.</param>
public sealed record CreateUserEventContext(HttpContext HttpContext, SesameUser User);
