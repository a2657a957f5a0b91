using Sesame.StackExchangeRedis.Shared;
using Sesame.Stores;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Stores;

/// <summary>
/// Accounts as Redis hashes keyed by (provider, provider account id), each listed in its user's account set so that
/// deleting the user deletes them; the link checks the user and the uniqueness in the same script that writes.
/// </summary>
internal sealed class RedisAccountStore(RedisConnection connection) : IAccountStore
{
    private readonly RedisKeys _keys = connection.Keys;

    public async Task LinkAccountAsync(SesameAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var accountId = RedisKeys.AccountId(account.Provider, account.ProviderAccountId);
        var values = new List<RedisValue>(24) { _keys.Prefix, accountId };
        RedisRecords.AddAccount(values, account);
        var status = (int)await connection.EvaluateAsync(
            RedisScripts.LinkAccount,
            [_keys.Account(accountId), _keys.User(account.UserId), _keys.UserAccounts(account.UserId)],
            [.. values],
            cancellationToken).ConfigureAwait(false);
        switch (status)
        {
            case 1: throw new SesameStoreConflictException("The account is linked already.");
            case 2: throw new SesameStoreConflictException("The user does not exist.");
        }
    }

    public async Task<bool> UnlinkAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken)
    {
        var accountId = RedisKeys.AccountId(provider, providerAccountId);
        return (int)await connection.EvaluateAsync(
            RedisScripts.UnlinkAccount, [_keys.Account(accountId)], [_keys.Prefix, accountId], cancellationToken).ConfigureAwait(false) == 1;
    }
}
