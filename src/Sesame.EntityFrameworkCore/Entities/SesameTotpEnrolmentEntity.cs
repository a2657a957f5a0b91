namespace Sesame.EntityFrameworkCore.Entities;

/// <summary>A row of the <c>TotpEnrolment</c> table (Sesame's; next-auth has no second factor): a user's TOTP secret.</summary>
public sealed class SesameTotpEnrolmentEntity
{
    /// <summary>Column <c>userId</c>: the primary key, the user, deleted with it.</summary>
    public required string UserId { get; set; }

    /// <summary>Column <c>secret</c>: base32.</summary>
    public required string Secret { get; set; }

    /// <summary>Column <c>lastUsedTimeStep</c>.</summary>
    public long? LastUsedTimeStep { get; set; }

    /// <summary>Column <c>lastVerifiedAt</c> (UTC).</summary>
    public DateTimeOffset? LastVerifiedAt { get; set; }
}
