using Sesame.StackExchangeRedis.Shared;
using Sesame.Stores;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Stores;

/// <summary>
/// Users as Redis hashes with no TTL (a user does not expire), an e-mail index kept unique by the same script that
/// writes the user, and a delete that takes the user's accounts and sessions with it in one script.
/// </summary>
internal sealed class RedisUserStore(RedisConnection connection) : IUserStore
{
    private readonly RedisKeys _keys = connection.Keys;

    public async Task<SesameUser> CreateUserAsync(SesameUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = new SesameUser
        {
            Id = string.IsNullOrEmpty(user.Id) ? StoreIds.NewId() : user.Id,
            Name = user.Name,
            Email = user.Email,
            EmailVerified = user.EmailVerified,
            Image = user.Image,
        };
        var status = (int)await connection.EvaluateAsync(RedisScripts.CreateUser, UserKeys(stored), Values(stored), cancellationToken).ConfigureAwait(false);
        return status switch
        {
            0 => stored,
            1 => throw new SesameStoreConflictException("A user with this id exists."),
            _ => throw new SesameStoreConflictException("A user with this e-mail address exists."),
        };
    }

    public async Task<SesameUser?> GetUserAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var fields = await database.HashGetAllAsync(_keys.User(id)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return RedisRecords.Fields(fields) is { } found ? RedisRecords.User(found) : null;
    }

    public async Task<SesameUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        RedisRecords.ReadUser(await connection.EvaluateAsync(
            RedisScripts.GetUserByEmail, [_keys.UserEmail(email)], [_keys.Prefix], cancellationToken).ConfigureAwait(false));

    public async Task<SesameUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken) =>
        RedisRecords.ReadUser(await connection.EvaluateAsync(
            RedisScripts.GetUserByAccount, [_keys.Account(RedisKeys.AccountId(provider, providerAccountId))], [_keys.Prefix], cancellationToken).ConfigureAwait(false));

    public async Task<bool> UpdateUserAsync(SesameUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var status = (int)await connection.EvaluateAsync(RedisScripts.UpdateUser, UserKeys(user), Values(user), cancellationToken).ConfigureAwait(false);
        return status switch
        {
            0 => false,
            1 => true,
            _ => throw new SesameStoreConflictException("Another user has this e-mail address."),
        };
    }

    public async Task<bool> DeleteUserAsync(string id, CancellationToken cancellationToken) =>
        (int)await connection.EvaluateAsync(RedisScripts.DeleteUser, [_keys.User(id)], [_keys.Prefix, id], cancellationToken).ConfigureAwait(false) == 1;

    private RedisKey[] UserKeys(SesameUser user) =>
        user.Email is null ? [_keys.User(user.Id)] : [_keys.User(user.Id), _keys.UserEmail(user.Email)];

    private RedisValue[] Values(SesameUser user)
    {
        var values = new List<RedisValue>(11) { _keys.Prefix };
        RedisRecords.AddUser(values, user);
        return [.. values];
    }
}
