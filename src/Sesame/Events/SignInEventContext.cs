using Microsoft.AspNetCore.Http;
using Sesame.Stores;

namespace Sesame.Events;

/// <summary>The <c>signIn</c> event: who signed in, with which account.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="User">The user.</param>
/// <param name="Account">The provider account.</param>
/// <param name="IsNewUser">Whether the sign-in created the user, when a user store knows.</param>
public sealed record SignInEventContext(HttpContext HttpContext, SesameUser User, SesameAccount Account, bool? IsNewUser);
