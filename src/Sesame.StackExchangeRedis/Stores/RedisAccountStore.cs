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

    public async Task<IReadOnlyList<SesameAccount>> GetUserAccountsAsync(string userId, CancellationToken cancellationToken)
    {
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var ids = await database.SetMembersAsync(_keys.UserAccounts(userId)).WaitAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<SesameAccount>(ids.Length);
        foreach (var id in ids)
        {
            // an account unlinked between the two reads is simply not listed
            if (RedisRecords.Fields(await database.HashGetAllAsync(_keys.Account(id!)).WaitAsync(cancellationToken).ConfigureAwait(false)) is { } fields)
            {
                accounts.Add(RedisRecords.Account(fields));
            }
        }

        return accounts;
    }

    public async Task<bool> UpdateAccountTokensAsync(SesameAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var values = new List<RedisValue>(16) { _keys.Prefix };
        RedisRecords.AddAccountTokens(values, account);
        return (int)await connection.EvaluateAsync(
            RedisScripts.UpdateAccountTokens,
            [_keys.Account(RedisKeys.AccountId(account.Provider, account.ProviderAccountId))],
            [.. values],
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> UnlinkAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken)
    {
        var accountId = RedisKeys.AccountId(provider, providerAccountId);
        return (int)await connection.EvaluateAsync(
            RedisScripts.UnlinkAccount, [_keys.Account(accountId)], [_keys.Prefix, accountId], cancellationToken).ConfigureAwait(false) == 1;
    }
}
