namespace Sesame.EntityFrameworkCore.Entities;

/// <summary>A row of the <c>VerificationToken</c> table (next-auth's Prisma <c>VerificationToken</c> model).</summary>
public sealed class SesameVerificationTokenEntity
{
    /// <summary>Column <c>identifier</c>: the e-mail address.</summary>
    public required string Identifier { get; set; }

    /// <summary>Column <c>token</c>: the token's hash, unique.</summary>
    public required string Token { get; set; }

    /// <summary>Column <c>expires</c> (UTC).</summary>
    public required DateTimeOffset Expires { get; set; }
}
