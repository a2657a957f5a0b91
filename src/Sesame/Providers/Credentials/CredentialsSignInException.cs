namespace Sesame.Providers.Credentials;

/// <summary>
/// Thrown by a credentials <c>authorize</c> delegate to refuse the sign-in with a message the user may see
/// (next-auth puts the message in <c>?error=</c>).
/// </summary>
public sealed class CredentialsSignInException : Exception
{
    /// <summary>Creates the exception with the message to show.</summary>
    public CredentialsSignInException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public CredentialsSignInException() : base("CredentialsSignin")
    {
    }

    /// <summary>Creates the exception with the message to show and a cause.</summary>
    public CredentialsSignInException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
