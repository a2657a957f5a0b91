using Sesame.EntityFrameworkCore.Entities;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Shared;

/// <summary>Turns rows into Sesame's records and back.</summary>
internal static class EntityMapper
{
    public static SesameUser ToUser(SesameUserEntity row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        Email = row.Email,
        EmailVerified = row.EmailVerified,
        Image = row.Image,
    };

    public static SesameUserEntity ToEntity(SesameUser user, string id) => new()
    {
        Id = id,
        Name = user.Name,
        Email = user.Email,
        EmailVerified = user.EmailVerified,
        Image = user.Image,
    };

    public static SesameAccount ToAccount(SesameAccountEntity row) => new()
    {
        UserId = row.UserId,
        Type = row.Type,
        Provider = row.Provider,
        ProviderAccountId = row.ProviderAccountId,
        RefreshToken = row.RefreshToken,
        AccessToken = row.AccessToken,
        ExpiresAt = row.ExpiresAt,
        TokenType = row.TokenType,
        Scope = row.Scope,
        IdToken = row.IdToken,
        SessionState = row.SessionState,
    };

    public static SesameAccountEntity ToEntity(SesameAccount account) => new()
    {
        Id = StoreIds.NewId(),
        UserId = account.UserId,
        Type = account.Type,
        Provider = account.Provider,
        ProviderAccountId = account.ProviderAccountId,
        RefreshToken = account.RefreshToken,
        AccessToken = account.AccessToken,
        ExpiresAt = account.ExpiresAt,
        TokenType = account.TokenType,
        Scope = account.Scope,
        IdToken = account.IdToken,
        SessionState = account.SessionState,
    };

    public static SesameSession ToSession(SesameSessionEntity row) => new()
    {
        Id = row.Id,
        SessionKey = row.SessionToken,
        UserId = row.UserId,
        Expires = row.Expires,
        CreatedAt = row.CreatedAt,
        LastSeenAt = row.LastSeenAt,
        UserAgent = row.UserAgent,
        IpAddress = row.IpAddress,
        Persistent = row.Persistent,
    };

    public static SesameSessionEntity ToEntity(SesameSession session, string id) => new()
    {
        Id = id,
        SessionToken = session.SessionKey,
        UserId = session.UserId,
        Expires = session.Expires,
        CreatedAt = session.CreatedAt,
        LastSeenAt = session.LastSeenAt,
        UserAgent = session.UserAgent,
        IpAddress = session.IpAddress,
        Persistent = session.Persistent,
    };

    public static SesameVerificationToken ToVerificationToken(SesameVerificationTokenEntity row) => new()
    {
        Identifier = row.Identifier,
        TokenHash = row.Token,
        Expires = row.Expires,
    };

    public static SesameVerificationTokenEntity ToEntity(SesameVerificationToken token) => new()
    {
        Identifier = token.Identifier,
        Token = token.TokenHash,
        Expires = token.Expires,
    };
}
