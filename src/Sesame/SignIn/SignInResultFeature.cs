namespace Sesame.SignIn;

/// <summary>The result of the request's sign-in through the Sesame scheme, for <c>HttpContext.GetSesameSignInResult()</c>.</summary>
internal sealed record SignInResultFeature(SesameSignInResult Result);
