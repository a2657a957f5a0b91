namespace Sesame.SignIn;

/// <summary>
/// A sign-in a Sesame flow hands to the scheme's <c>SignInAsync</c> on the same request: the candidate as the flow built
/// it (with what a <see cref="System.Security.Claims.ClaimsPrincipal"/> cannot carry, such as the posted credentials).
/// </summary>
internal sealed record PendingSignIn(SignInCandidate Candidate, string CallbackUrl);
