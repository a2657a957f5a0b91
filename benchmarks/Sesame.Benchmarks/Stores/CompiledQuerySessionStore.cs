using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.Stores;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// The session lookup as a compiled LINQ query, for comparison only. A compiled query is bound to the first model it
/// runs with: fine here (one <see cref="SesameDbContext"/> model per benchmark process), not for a store that serves
/// any context, which would need one per model.
/// </summary>
internal sealed class CompiledQuerySessionStore(SesameDbContext context) : LookupOnlySessionStore
{
    private static readonly Func<SesameDbContext, string, CancellationToken, Task<SesameSessionAndUser?>> Lookup =
        EF.CompileAsyncQuery((SesameDbContext db, string key, CancellationToken _) => (
                from session in db.Sessions.AsNoTracking()
                where session.SessionToken == key
                join user in db.Users.AsNoTracking() on session.UserId equals user.Id
                select new SesameSessionAndUser
                {
                    Session = new SesameSession
                    {
                        Id = session.Id,
                        SessionKey = session.SessionToken,
                        UserId = session.UserId,
                        Expires = session.Expires,
                        CreatedAt = session.CreatedAt,
                        LastSeenAt = session.LastSeenAt,
                        UserAgent = session.UserAgent,
                        IpAddress = session.IpAddress,
                    },
                    User = new SesameUser
                    {
                        Id = user.Id,
                        Name = user.Name,
                        Email = user.Email,
                        EmailVerified = user.EmailVerified,
                        Image = user.Image,
                    },
                })
            .FirstOrDefault());

    public override Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken) =>
        Lookup(context, sessionKey, cancellationToken);
}
