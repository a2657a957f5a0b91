namespace Sesame.Errors;

/// <summary>
/// The closed set of errors a client may see, as next-auth names them in <c>?error=</c>. Nothing else (no exception
/// message, no internal detail) reaches the client.
/// </summary>
public enum AuthErrorCode
{
    /// <summary>The server is misconfigured (or a request carried an invalid callback URL).</summary>
    Configuration = 0,

    /// <summary>The <c>signIn</c> callback refused the sign-in.</summary>
    AccessDenied = 1,

    /// <summary>An e-mail sign-in link was invalid, used or expired.</summary>
    Verification = 2,

    /// <summary>The credentials were wrong.</summary>
    CredentialsSignin = 3,

    /// <summary>Starting an OAuth sign-in failed.</summary>
    OAuthSignin = 4,

    /// <summary>An OAuth callback failed (state, PKCE, token exchange, profile).</summary>
    OAuthCallback = 5,

    /// <summary>Creating the user of an OAuth sign-in failed.</summary>
    OAuthCreateAccount = 6,

    /// <summary>Creating the user of an e-mail sign-in failed.</summary>
    EmailCreateAccount = 7,

    /// <summary>The identity provider returned an error, or a callback failed unexpectedly.</summary>
    Callback = 8,

    /// <summary>The account is not linked to the user with the same e-mail address.</summary>
    OAuthAccountNotLinked = 9,

    /// <summary>The sign-in e-mail could not be sent.</summary>
    EmailSignin = 10,

    /// <summary>A page required a session.</summary>
    SessionRequired = 11,

    /// <summary>next-auth v4's generic sign-in failure (<c>Signin</c>), shown on the sign-in page.</summary>
    Signin = 12,

    /// <summary>Any other failure (next-auth's <c>Default</c>).</summary>
    Default = 13,
}
