using System.Text.Json.Nodes;
using Sesame.Stores;

namespace Sesame.SignIn;

/// <summary>
/// What a provider's flow hands to the sign-in pipeline: who signed in, with which account, and what the provider said.
/// Every flow (credentials, OAuth, e-mail, the scheme's own <c>SignInAsync</c>) ends in one of these.
/// </summary>
internal sealed record SignInCandidate
{
    /// <summary>
    /// The user. For an app-checked sign-in (credentials, the app's own <c>SignInAsync</c>) the app's user, whose
    /// <see cref="SesameUser.Id"/> is final. For an external account (OAuth), the user as the provider's profile describes
    /// it, with the provider account id as a provisional id: the pipeline finds or creates the stored user.
    /// </summary>
    public required SesameUser User { get; init; }

    /// <summary>The account signed in with (its <see cref="SesameAccount.UserId"/> is set by the pipeline).</summary>
    public required SesameAccount Account { get; init; }

    /// <summary>Whether the account comes from an identity provider, so that its user is found or created by account.</summary>
    public bool IsExternal { get; init; }

    /// <summary>
    /// Whether the flow has just proved that the signing-in person owns <see cref="SesameUser.Email"/> (an e-mail link):
    /// the stored user with that address is used, or created, and its <see cref="SesameUser.EmailVerified"/> set.
    /// </summary>
    public bool IsVerifiedAddress { get; init; }

    /// <summary>Whether the provider vouches for <see cref="SesameUser.Email"/> (OIDC's <c>email_verified</c>).</summary>
    public bool EmailVerified { get; init; }

    /// <summary>
    /// Whether an external account may be linked to an existing user with the same, provider-verified e-mail address
    /// (next-auth's <c>allowDangerousEmailAccountLinking</c>).
    /// </summary>
    public bool AllowEmailAccountLinking { get; init; }

    /// <summary>
    /// The provider's claims had no picture: next-auth's profile then has <c>image: undefined</c>, which a JWT session
    /// without a database leaves out of the token and the session (a stored user's missing image is <c>null</c>).
    /// </summary>
    public bool OmitsImage { get; init; }

    /// <summary>The provider's profile, as the <c>signIn</c> callback sees it.</summary>
    public JsonObject? Profile { get; init; }

    /// <summary>
    /// The sign-in's remember-me choice (persistent, or a browser session), when the flow carries one and remember-me is
    /// on; <see langword="null"/> takes the configured default.
    /// </summary>
    public bool? Persistent { get; init; }

    /// <summary>The posted credentials, for a credentials sign-in.</summary>
    public IReadOnlyDictionary<string, string>? Credentials { get; init; }
}
