using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Sesame.SignIn;

/// <summary>
/// Implemented by providers whose sign-ins arrive through the Sesame scheme from a remote authentication handler
/// (OAuth, OpenID Connect): turns the handler's principal and properties into the candidate the pipeline signs in.
/// Providers that do not implement it get <see cref="PrincipalSignIn.External"/>'s standard claim mapping.
/// </summary>
internal interface IExternalSignInMapper
{
    SignInCandidate ToCandidate(ClaimsPrincipal principal, AuthenticationProperties properties);
}
