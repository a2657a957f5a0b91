namespace Sesame.Stores;

/// <summary>
/// A store write conflicts with what is stored: a unique value is taken (a user's e-mail, a provider account, a
/// session key, a verification token) or the user the row belongs to does not exist. The core checks before it
/// writes, so this means a race with another request; it maps to next-auth's <c>OAuthCreateAccount</c> or
/// <c>EmailCreateAccount</c> error.
/// </summary>
public sealed class SesameStoreConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SesameStoreConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SesameStoreConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's own exception.</summary>
    public SesameStoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
