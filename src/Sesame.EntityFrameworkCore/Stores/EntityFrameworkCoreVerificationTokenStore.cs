using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Stores;

/// <summary>E-mail sign-in tokens in the <c>VerificationToken</c> table of any context that applied the Sesame model.</summary>
internal sealed class EntityFrameworkCoreVerificationTokenStore(DbContext context) : IVerificationTokenStore
{
    public Task CreateVerificationTokenAsync(SesameVerificationToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return StoreWrites.InsertAsync(context, EntityMapper.ToEntity(token), "A verification token with this hash exists.", cancellationToken);
    }

    public async Task<SesameVerificationToken?> UseVerificationTokenAsync(string? identifier, string tokenHash, CancellationToken cancellationToken)
    {
        (string, string)[] match = identifier is null
            ? [(nameof(SesameVerificationTokenEntity.Token), tokenHash)]
            : [(nameof(SesameVerificationTokenEntity.Token), tokenHash), (nameof(SesameVerificationTokenEntity.Identifier), identifier)];
        var row = await StoreWrites.DeleteAndReturnAsync<SesameVerificationTokenEntity>(
                context, match, StoreWrites.SupportsDeleteReturning(context), cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : EntityMapper.ToVerificationToken(row);
    }
}
