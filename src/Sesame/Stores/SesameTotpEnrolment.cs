namespace Sesame.Stores;

/// <summary>A user's TOTP second factor (RFC 6238: 6 digits, 30 s steps, HMAC-SHA-1, as authenticator apps use).</summary>
public sealed record SesameTotpEnrolment
{
    /// <summary>The user.</summary>
    public required string UserId { get; init; }

    /// <summary>The shared secret, base32 (the authenticator app holds the same). Keep it encrypted at rest where you can.</summary>
    public required string Secret { get; init; }

    /// <summary>
    /// The SHA-256 hashes (lower-case hex) of the unused recovery codes: a code is shown to the user once, at enrolment,
    /// and each works once.
    /// </summary>
    public IReadOnlyList<string> RecoveryCodeHashes { get; init; } = [];

    /// <summary>The last TOTP time step accepted (Unix time / 30 s): a code of that step or an earlier one is refused, so each code works once.</summary>
    public long? LastUsedTimeStep { get; init; }

    /// <summary>
    /// When the second factor last succeeded (UTC): a partial session started before it is void, so a pending sign-in
    /// copied before the user completed one cannot be completed later with a new code.
    /// </summary>
    public DateTimeOffset? LastVerifiedAt { get; init; }
}
