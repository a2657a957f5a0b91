namespace Sesame.Stores;

/// <summary>
/// Where TOTP enrolments live (the second factor's store role). The two "use" methods must be atomic (compare and set in
/// one step): two concurrent requests with the same code, or the same recovery code, must not both succeed.
/// </summary>
public interface ITotpStore
{
    /// <summary>The user's enrolment, or <see langword="null"/> when they have no second factor.</summary>
    Task<SesameTotpEnrolment?> GetEnrolmentAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the user's enrolment (a new secret and new recovery codes).</summary>
    Task SaveEnrolmentAsync(SesameTotpEnrolment enrolment, CancellationToken cancellationToken);

    /// <summary>Removes the user's second factor; false when they had none.</summary>
    Task<bool> DeleteEnrolmentAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the code of <paramref name="timeStep"/> was used at <paramref name="now"/>, if and only if it is later
    /// than the last step used (sets <see cref="SesameTotpEnrolment.LastUsedTimeStep"/> and
    /// <see cref="SesameTotpEnrolment.LastVerifiedAt"/>); false for a replay or an unknown user.
    /// </summary>
    Task<bool> TryUseTimeStepAsync(string userId, long timeStep, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the recovery code whose hash is <paramref name="codeHash"/> and records <paramref name="now"/> as
    /// <see cref="SesameTotpEnrolment.LastVerifiedAt"/>, if and only if the user has that code; false otherwise.
    /// </summary>
    Task<bool> TryUseRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset now, CancellationToken cancellationToken);
}
