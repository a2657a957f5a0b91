namespace Sesame.Errors;

/// <summary>One row of the error table: how an <see cref="AuthErrorCode"/> appears on the wire and on the pages.</summary>
/// <param name="Code">The code.</param>
/// <param name="WireName">The name in <c>?error=</c>, as next-auth spells it.</param>
/// <param name="ShownOnSignInPage">Whether next-auth v4 shows it inline on the sign-in page (the error page redirects there).</param>
/// <param name="ErrorPageStatus">The status of the built-in error page for it.</param>
/// <param name="Heading">The built-in error page's heading.</param>
/// <param name="Message">The built-in error page's text.</param>
/// <param name="SignInLink">Whether the built-in error page links back to the sign-in page.</param>
/// <param name="SignInPageMessage">The sign-in page's inline message for it.</param>
/// <param name="SignInStatus">The status a refused sign-in answers with in JSON mode (next-auth keeps 401/403 there).</param>
internal sealed record AuthErrorDescriptor(
    AuthErrorCode Code,
    string WireName,
    bool ShownOnSignInPage,
    int ErrorPageStatus,
    string Heading,
    string Message,
    bool SignInLink,
    string SignInPageMessage,
    int SignInStatus);
