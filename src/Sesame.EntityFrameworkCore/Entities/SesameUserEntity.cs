namespace Sesame.EntityFrameworkCore.Entities;

/// <summary>A row of the <c>User</c> table (next-auth's Prisma <c>User</c> model).</summary>
public sealed class SesameUserEntity
{
    /// <summary>Column <c>id</c>: the primary key.</summary>
    public required string Id { get; set; }

    /// <summary>Column <c>name</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Column <c>email</c>: unique when present.</summary>
    public string? Email { get; set; }

    /// <summary>Column <c>emailVerified</c> (UTC).</summary>
    public DateTimeOffset? EmailVerified { get; set; }

    /// <summary>Column <c>image</c>.</summary>
    public string? Image { get; set; }
}
