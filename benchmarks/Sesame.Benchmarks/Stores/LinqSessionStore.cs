using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.Stores;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// The session lookup as the EF Core store did it before it was tuned (a LINQ join, nothing tracked, the query
/// pipeline on every call), kept so that every run measures before and after side by side. Only the read is here.
/// </summary>
internal sealed class LinqSessionStore(DbContext context) : ISessionStore
{
    public async Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var found = await (
                from session in context.Set<SesameSessionEntity>().AsNoTracking()
                where session.SessionToken == sessionKey
                join user in context.Set<SesameUserEntity>().AsNoTracking() on session.UserId equals user.Id
                select new { session, user })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? null
            : new SesameSessionAndUser
            {
                Session = new SesameSession
                {
                    Id = found.session.Id,
                    SessionKey = found.session.SessionToken,
                    UserId = found.session.UserId,
                    Expires = found.session.Expires,
                    CreatedAt = found.session.CreatedAt,
                    LastSeenAt = found.session.LastSeenAt,
                    UserAgent = found.session.UserAgent,
                    IpAddress = found.session.IpAddress,
                },
                User = new SesameUser
                {
                    Id = found.user.Id,
                    Name = found.user.Name,
                    Email = found.user.Email,
                    EmailVerified = found.user.EmailVerified,
                    Image = found.user.Image,
                },
            };
    }

    public Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
