namespace Sesame.EntityFrameworkCore.Entities;

/// <summary>A row of the <c>TotpRecoveryCode</c> table: one unused recovery code's hash; using it deletes the row.</summary>
public sealed class SesameTotpRecoveryCodeEntity
{
    /// <summary>Column <c>userId</c>: the enrolment, deleted with it.</summary>
    public required string UserId { get; set; }

    /// <summary>Column <c>codeHash</c>: SHA-256 of the code, hex.</summary>
    public required string CodeHash { get; set; }
}
