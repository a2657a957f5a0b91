namespace Sesame.Stores;

/// <summary>
/// A single-use e-mail sign-in token (next-auth's <c>VerificationToken</c>). Only a hash of the token is stored; the
/// token itself exists only in the e-mail.
/// </summary>
public sealed record SesameVerificationToken
{
    /// <summary>Whom the token was sent to: the normalized e-mail address.</summary>
    public required string Identifier { get; init; }

    /// <summary>The hash of the token (next-auth: <c>sha256hex(token + secret)</c>), unique across all tokens.</summary>
    public required string TokenHash { get; init; }

    /// <summary>When the token stops being valid (UTC). Stores return expired tokens too; the caller checks.</summary>
    public required DateTimeOffset Expires { get; init; }
}
