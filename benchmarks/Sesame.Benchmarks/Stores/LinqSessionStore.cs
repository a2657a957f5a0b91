using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.Stores;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// The session lookup as the EF Core store did it before it was tuned (a LINQ join, nothing tracked, the query
/// pipeline on every call), kept so that every run measures before and after side by side. Only the read is here.
/// </summary>
internal sealed class LinqSessionStore(DbContext context) : LookupOnlySessionStore
{
    public override async Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var found = await (
                from session in context.Set<SesameSessionEntity>().AsNoTracking()
                where session.SessionToken == sessionKey
                join user in context.Set<SesameUserEntity>().AsNoTracking() on session.UserId equals user.Id
                select new { session, user })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? null
            : new SesameSessionAndUser { Session = EntityMapper.ToSession(found.session), User = EntityMapper.ToUser(found.user) };
    }
}
