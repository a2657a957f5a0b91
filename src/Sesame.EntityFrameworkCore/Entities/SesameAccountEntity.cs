namespace Sesame.EntityFrameworkCore.Entities;

/// <summary>A row of the <c>Account</c> table (next-auth's Prisma <c>Account</c> model).</summary>
public sealed class SesameAccountEntity
{
    /// <summary>Column <c>id</c>: the primary key, a random id the store gives.</summary>
    public required string Id { get; set; }

    /// <summary>Column <c>userId</c>: the user, deleted with it.</summary>
    public required string UserId { get; set; }

    /// <summary>Column <c>type</c>: <c>oauth</c>, <c>oidc</c>, <c>email</c> or <c>credentials</c>.</summary>
    public required string Type { get; set; }

    /// <summary>Column <c>provider</c>: unique together with <see cref="ProviderAccountId"/>.</summary>
    public required string Provider { get; set; }

    /// <summary>Column <c>providerAccountId</c>.</summary>
    public required string ProviderAccountId { get; set; }

    /// <summary>Column <c>refresh_token</c>.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>Column <c>access_token</c>.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Column <c>expires_at</c>: seconds since the Unix epoch (64 bits, so it outlives 2038).</summary>
    public long? ExpiresAt { get; set; }

    /// <summary>Column <c>token_type</c>.</summary>
    public string? TokenType { get; set; }

    /// <summary>Column <c>scope</c>.</summary>
    public string? Scope { get; set; }

    /// <summary>Column <c>id_token</c>.</summary>
    public string? IdToken { get; set; }

    /// <summary>Column <c>session_state</c>.</summary>
    public string? SessionState { get; set; }
}
