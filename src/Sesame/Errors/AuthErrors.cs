using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Sesame.Errors;

/// <summary>
/// The one table of client-visible errors: every endpoint and page takes the wire name, the pages' texts and the
/// statuses from here, so that a code cannot be spelled or answered two ways.
/// </summary>
internal static class AuthErrors
{
    private const string TryAnother = "Try signing in with a different account.";
    private const string Generic = "Something went wrong while signing in.";
    private const string UnableToSignIn = "Unable to sign in.";

    private static readonly AuthErrorDescriptor[] Table =
    [
        new(AuthErrorCode.Configuration, "Configuration", false, StatusCodes.Status500InternalServerError, "Server error",
            "There is a problem with the server configuration. Check the server logs for more information.", false, UnableToSignIn, StatusCodes.Status500InternalServerError),
        new(AuthErrorCode.AccessDenied, "AccessDenied", false, StatusCodes.Status403Forbidden, "Access Denied",
            "You do not have permission to sign in.", true, UnableToSignIn, StatusCodes.Status403Forbidden),
        new(AuthErrorCode.Verification, "Verification", false, StatusCodes.Status403Forbidden, "Unable to sign in",
            "The sign in link is no longer valid. It may have been used already or it may have expired.", true, UnableToSignIn, StatusCodes.Status200OK),
        new(AuthErrorCode.CredentialsSignin, "CredentialsSignin", true, StatusCodes.Status200OK, "Error", Generic, true,
            "Sign in failed. Check the details you provided are correct.", StatusCodes.Status401Unauthorized),
        new(AuthErrorCode.OAuthSignin, "OAuthSignin", true, StatusCodes.Status200OK, "Error", Generic, true, TryAnother, StatusCodes.Status200OK),
        new(AuthErrorCode.OAuthCallback, "OAuthCallback", true, StatusCodes.Status200OK, "Error", Generic, true, TryAnother, StatusCodes.Status200OK),
        new(AuthErrorCode.OAuthCreateAccount, "OAuthCreateAccount", true, StatusCodes.Status200OK, "Error", Generic, true, TryAnother, StatusCodes.Status200OK),
        new(AuthErrorCode.EmailCreateAccount, "EmailCreateAccount", true, StatusCodes.Status200OK, "Error", Generic, true, TryAnother, StatusCodes.Status200OK),
        new(AuthErrorCode.Callback, "Callback", true, StatusCodes.Status200OK, "Error", Generic, true, TryAnother, StatusCodes.Status200OK),
        new(AuthErrorCode.OAuthAccountNotLinked, "OAuthAccountNotLinked", true, StatusCodes.Status200OK, "Error", Generic, true,
            "To confirm your identity, sign in with the same account you used originally.", StatusCodes.Status200OK),
        new(AuthErrorCode.EmailSignin, "EmailSignin", true, StatusCodes.Status200OK, "Error", Generic, true, "The e-mail could not be sent.", StatusCodes.Status200OK),
        new(AuthErrorCode.SessionRequired, "SessionRequired", true, StatusCodes.Status200OK, "Error", Generic, true,
            "Please sign in to access this page.", StatusCodes.Status200OK),
        new(AuthErrorCode.Signin, "Signin", true, StatusCodes.Status200OK, "Error", Generic, true, TryAnother, StatusCodes.Status200OK),
        new(AuthErrorCode.Default, "Default", false, StatusCodes.Status200OK, "Error", Generic, true, UnableToSignIn, StatusCodes.Status200OK),
    ];

    // next-auth matches the sign-in page's codes exactly, and the error page's headings ignoring case.
    private static readonly FrozenDictionary<string, AuthErrorDescriptor> ByName =
        Table.ToFrozenDictionary(row => row.WireName, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, AuthErrorDescriptor> ByNameIgnoringCase =
        Table.ToFrozenDictionary(row => row.WireName, StringComparer.OrdinalIgnoreCase);

    /// <summary>What an unknown <c>?error=</c> value gets: next-auth's default texts.</summary>
    public static AuthErrorDescriptor Unknown { get; } = Describe(AuthErrorCode.Default);

    public static AuthErrorDescriptor Describe(AuthErrorCode code) => Table[(int)code];

    public static string WireName(AuthErrorCode code) => Describe(code).WireName;

    /// <summary>The row of a wire name spelled exactly (the sign-in page's rule); <see langword="null"/> for any other text.</summary>
    public static AuthErrorDescriptor? Find(string? name) => name is not null && ByName.TryGetValue(name, out var row) ? row : null;

    /// <summary>The row of a wire name in any case (the error page's rule), else <see cref="Unknown"/>.</summary>
    public static AuthErrorDescriptor FindIgnoringCase(string? name) =>
        name is not null && ByNameIgnoringCase.TryGetValue(name, out var row) ? row : Unknown;
}
