using Sesame.Stores;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// A session about to be issued: whom it is for, with which account, how it lives and how the user authenticated. Made by
/// the sign-in pipeline once every factor is done (directly, or when a second factor completes a partial sign-in).
/// </summary>
internal sealed record SessionGrant
{
    public required SesameUser User { get; init; }

    public required SesameAccount Account { get; init; }

    public bool? IsNewUser { get; init; }

    /// <summary>The token leaves <c>picture</c> out (not even <c>null</c>): see <c>SignInCandidate.OmitsImage</c>.</summary>
    public bool OmitsImage { get; init; }

    /// <summary>A persistent cookie, or a browser session (remember-me not chosen).</summary>
    public bool Persistent { get; init; } = true;

    /// <summary>Where the browser goes after the session is issued.</summary>
    public required string CallbackUrl { get; init; }

    /// <summary>
    /// The authentication methods (RFC 8176 <c>amr</c>) when more than one factor was used, e.g. <c>["pwd","otp"]</c>;
    /// <see langword="null"/> for a single-factor sign-in, whose token stays as next-auth makes it.
    /// </summary>
    public IReadOnlyList<string>? AuthenticationMethods { get; init; }
}
