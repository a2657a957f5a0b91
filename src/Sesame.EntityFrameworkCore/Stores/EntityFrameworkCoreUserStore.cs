using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Stores;

/// <summary>Users in the <c>User</c> table of any context that applied the Sesame model.</summary>
internal sealed class EntityFrameworkCoreUserStore(DbContext context) : IUserStore
{
    private IQueryable<SesameUserEntity> Users => context.Set<SesameUserEntity>().AsNoTracking();

    public async Task<SesameUser> CreateUserAsync(SesameUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var row = EntityMapper.ToEntity(user, user.Id.Length == 0 ? StoreIds.NewId() : user.Id);
        await StoreWrites.InsertAsync(context, row, "The user's id or e-mail address is taken.", cancellationToken).ConfigureAwait(false);
        return EntityMapper.ToUser(row);
    }

    public async Task<SesameUser?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        var row = await Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : EntityMapper.ToUser(row);
    }

    public async Task<SesameUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var row = await Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken).ConfigureAwait(false);
        return row is null ? null : EntityMapper.ToUser(row);
    }

    public async Task<SesameUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken)
    {
        var row = await (
                from account in context.Set<SesameAccountEntity>()
                where account.Provider == provider && account.ProviderAccountId == providerAccountId
                join user in Users on account.UserId equals user.Id
                select user)
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : EntityMapper.ToUser(row);
    }

    public async Task<bool> UpdateUserAsync(SesameUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            return await Users
                .Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(u => u.Name, user.Name)
                        .SetProperty(u => u.Email, user.Email)
                        .SetProperty(u => u.EmailVerified, user.EmailVerified)
                        .SetProperty(u => u.Image, user.Image),
                    cancellationToken)
                .ConfigureAwait(false) > 0;
        }
        catch (Exception e) when (StoreWrites.IsConstraintViolation(e))
        {
            throw new SesameStoreConflictException("The e-mail address belongs to another user.", e);
        }
    }

    // The database's ON DELETE CASCADE removes the user's accounts and sessions in the same statement.
    public async Task<bool> DeleteUserAsync(string id, CancellationToken cancellationToken) =>
        await Users.Where(u => u.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
}
