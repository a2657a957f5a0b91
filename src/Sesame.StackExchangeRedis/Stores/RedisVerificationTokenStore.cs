using Sesame.StackExchangeRedis.Shared;
using Sesame.Stores;

namespace Sesame.StackExchangeRedis.Stores;

/// <summary>
/// Verification tokens as Redis hashes keyed by the token's hash, gone by TTL when they expire; a use reads and deletes
/// in one script, so of two concurrent uses exactly one gets the token.
/// </summary>
internal sealed class RedisVerificationTokenStore(RedisConnection connection, TimeProvider timeProvider) : IVerificationTokenStore
{
    private readonly RedisKeys _keys = connection.Keys;

    public async Task CreateVerificationTokenAsync(SesameVerificationToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var status = (int)await connection.EvaluateAsync(
            RedisScripts.CreateVerificationToken,
            [_keys.VerificationToken(token.TokenHash)],
            [_keys.Prefix, RedisTtl.Milliseconds(token.Expires, timeProvider.GetUtcNow()), token.Identifier, RedisRecords.ToUnixMs(token.Expires)],
            cancellationToken).ConfigureAwait(false);
        if (status != 0)
        {
            throw new SesameStoreConflictException("A verification token with this hash exists.");
        }
    }

    public async Task<SesameVerificationToken?> UseVerificationTokenAsync(string? identifier, string tokenHash, CancellationToken cancellationToken)
    {
        var result = await connection.EvaluateAsync(
            RedisScripts.UseVerificationToken,
            [_keys.VerificationToken(tokenHash)],
            identifier is null ? [_keys.Prefix] : [_keys.Prefix, identifier],
            cancellationToken).ConfigureAwait(false);
        if (result.IsNull || result.Length < 2)
        {
            return null;
        }

        return new SesameVerificationToken
        {
            Identifier = (string)result[0]!,
            TokenHash = tokenHash,
            Expires = RedisRecords.Time((string?)result[1]) ?? DateTimeOffset.UnixEpoch,
        };
    }
}
