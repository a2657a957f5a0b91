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

    public async Task<IReadOnlyList<SesameAccount>> GetUserAccountsAsync(string userId, CancellationToken cancellationToken)
    {
        var rows = await context.Set<SesameAccountEntity>().AsNoTracking().Where(a => a.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(EntityMapper.ToAccount)];
    }

    public async Task<bool> UpdateAccountTokensAsync(SesameAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await context.Set<SesameAccountEntity>()
            .Where(a => a.Provider == account.Provider && a.ProviderAccountId == account.ProviderAccountId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.AccessToken, account.AccessToken)
                .SetProperty(a => a.RefreshToken, account.RefreshToken)
                .SetProperty(a => a.IdToken, account.IdToken)
                .SetProperty(a => a.ExpiresAt, account.ExpiresAt)
                .SetProperty(a => a.TokenType, account.TokenType)
                .SetProperty(a => a.Scope, account.Scope)
                .SetProperty(a => a.SessionState, account.SessionState), cancellationToken)
            .ConfigureAwait(false) > 0;
    }

    public async Task<bool> UnlinkAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken) =>
        await context.Set<SesameAccountEntity>()
            .Where(a => a.Provider == provider && a.ProviderAccountId == providerAccountId)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false) > 0;
}
