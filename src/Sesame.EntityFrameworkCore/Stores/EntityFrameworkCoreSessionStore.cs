using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Stores;

/// <summary>Sessions in the <c>Session</c> table of any context that applied the Sesame model.</summary>
internal sealed class EntityFrameworkCoreSessionStore(DbContext context, StoreStatementCache statements) : ISessionStore
{
    private IQueryable<SesameSessionEntity> Sessions => context.Set<SesameSessionEntity>().AsNoTracking();

    public async Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var row = EntityMapper.ToEntity(session, session.Id.Length == 0 ? StoreIds.NewId() : session.Id);
        await StoreWrites.InsertAsync(context, row, "The session's id or key is taken, or the user does not exist.", cancellationToken)
            .ConfigureAwait(false);
        return EntityMapper.ToSession(row);
    }

    // Every request of the database strategy comes here: one indexed join, nothing tracked, through SQL written once
    // per model (SessionStatements). A model that maps the tables in a way only LINQ honours keeps the LINQ join.
    public async Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken)
    {
        if (statements.SessionStatements(context) is { } sql)
        {
            return await sql.FindAsync(context, sessionKey, cancellationToken).ConfigureAwait(false);
        }

        var found = await (
                from session in Sessions
                where session.SessionToken == sessionKey
                join user in context.Set<SesameUserEntity>().AsNoTracking() on session.UserId equals user.Id
                select new { session, user })
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        return found is null
            ? null
            : new SesameSessionAndUser { Session = EntityMapper.ToSession(found.session), User = EntityMapper.ToUser(found.user) };
    }

    public async Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        statements.SessionStatements(context) is { } sql
            ? await sql.UpdateAsync(context, sessionKey, expires, lastSeenAt, cancellationToken).ConfigureAwait(false)
            : await Sessions
                .Where(s => s.SessionToken == sessionKey)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(s => s.Expires, expires).SetProperty(s => s.LastSeenAt, lastSeenAt),
                    cancellationToken)
                .ConfigureAwait(false) > 0;

    public async Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var row = await StoreWrites.DeleteAndReturnAsync<SesameSessionEntity>(
                context, [(nameof(SesameSessionEntity.SessionToken), sessionKey)], StoreWrites.SupportsDeleteReturning(context), cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : EntityMapper.ToSession(row);
    }

    public async Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) =>
        await Sessions.Where(s => s.UserId == userId && s.Id == sessionId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;

    public Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken) =>
        Sessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    public Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken) =>
        Sessions.Where(s => s.UserId == userId && s.Id != keepSessionId).ExecuteDeleteAsync(cancellationToken);

    public async Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await Sessions
            .Where(s => s.UserId == userId && s.Expires > now)
            .OrderByDescending(s => s.Expires)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.ConvertAll(EntityMapper.ToSession);
    }
}
