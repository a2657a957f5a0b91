using Sesame.Errors;
using Sesame.Stores;

namespace Sesame.SignIn;

/// <summary>
/// How a sign-in through the Sesame scheme ended (<c>HttpContext.SignInAsync(SesameDefaults.AuthenticationScheme, …)</c>),
/// read back with <c>HttpContext.GetSesameSignInResult()</c>: a refused sign-in does not throw, it says where the user
/// goes (the error page with its code, or the app's own destination).
/// </summary>
public sealed class SesameSignInResult
{
    internal SesameSignInResult(bool succeeded, AuthErrorCode? error, string redirectUrl, SesameUser? user, bool? isNewUser)
    {
        Succeeded = succeeded;
        Error = error;
        RedirectUrl = redirectUrl;
        User = user;
        IsNewUser = isNewUser;
    }

    /// <summary>Whether a session was issued (its cookie is on the response).</summary>
    public bool Succeeded { get; }

    /// <summary>Why the sign-in was refused; <see langword="null"/> when it succeeded or the <c>signIn</c> callback redirected elsewhere.</summary>
    public AuthErrorCode? Error { get; }

    /// <summary>
    /// Where to send the browser: the callback URL (or <c>pages.newUser</c> for a new user) after a success, the error page
    /// with <c>?error=</c> after a refusal, or the URL the <c>signIn</c> callback chose.
    /// </summary>
    public string RedirectUrl { get; }

    /// <summary>The signed-in user (as stored, when a user store exists); <see langword="null"/> when refused.</summary>
    public SesameUser? User { get; }

    /// <summary>Whether the sign-in created the user; <see langword="null"/> when no user store knows.</summary>
    public bool? IsNewUser { get; }

    /// <summary>
    /// Whether the first factor succeeded and a second one is asked for: no session yet, <see cref="RedirectUrl"/> is the
    /// verification page, and the session is issued when the second factor completes.
    /// </summary>
    public bool SecondFactorRequired { get; init; }

    /// <summary>The HTTP status next-auth gives a refusal in JSON mode (401 wrong credentials, 403 denied), else 200.</summary>
    internal int StatusCode { get; init; } = 200;
}
