using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Stores;

/// <summary>Accounts in the <c>Account</c> table of any context that applied the Sesame model.</summary>
internal sealed class EntityFrameworkCoreAccountStore(DbContext context) : IAccountStore
{
    public Task LinkAccountAsync(SesameAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return StoreWrites.InsertAsync(
            context, EntityMapper.ToEntity(account), "The account is already linked, or the user does not exist.", cancellationToken);
    }

    public async Task<bool> UnlinkAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken) =>
        await context.Set<SesameAccountEntity>()
            .Where(a => a.Provider == provider && a.ProviderAccountId == providerAccountId)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false) > 0;
}
