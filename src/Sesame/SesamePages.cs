namespace Sesame;

/// <summary>Custom pages (next-auth's <c>pages</c>): a path or absolute URL used verbatim as a redirect target.</summary>
public sealed class SesamePages
{
    /// <summary>Your sign-in page; Sesame redirects there with <c>callbackUrl</c> and <c>error</c>.</summary>
    public string? SignIn { get; set; }

    /// <summary>Your sign-out page.</summary>
    public string? SignOut { get; set; }

    /// <summary>Your error page; Sesame redirects there with <c>error</c>.</summary>
    public string? Error { get; set; }

    /// <summary>Your "check your e-mail" page.</summary>
    public string? VerifyRequest { get; set; }

    /// <summary>Where a user created by this sign-in goes first.</summary>
    public string? NewUser { get; set; }
}
