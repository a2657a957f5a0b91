namespace Sesame.Stores;

/// <summary>
/// Links users to their accounts at providers (next-auth's adapter <c>linkAccount</c>, <c>unlinkAccount</c>).
/// Finding the user of an account is <see cref="IUserStore.GetUserByAccountAsync"/>.
/// </summary>
public interface IAccountStore
{
    /// <summary>Links an account to the user <see cref="SesameAccount.UserId"/>.</summary>
    /// <exception cref="SesameStoreConflictException">
    /// The account (<see cref="SesameAccount.Provider"/>, <see cref="SesameAccount.ProviderAccountId"/>) is already
    /// linked, or the user does not exist.
    /// </exception>
    Task LinkAccountAsync(SesameAccount account, CancellationToken cancellationToken);

    /// <summary>Removes the link to an account.</summary>
    /// <param name="provider">The provider id.</param>
    /// <param name="providerAccountId">The user's id at the provider.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the account was linked.</returns>
    Task<bool> UnlinkAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken);

    /// <summary>The accounts linked to a user (with their provider tokens, for a refresh), in no particular order.</summary>
    Task<IReadOnlyList<SesameAccount>> GetUserAccountsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the provider tokens of the account (<see cref="SesameAccount.Provider"/>,
    /// <see cref="SesameAccount.ProviderAccountId"/>) with those of <paramref name="account"/>: access, refresh and ID
    /// token, expiry, token type, scope and session state (a <see langword="null"/> clears one). Its user and type stay.
    /// Used after a refresh, so that the rotated refresh token is the one kept.
    /// </summary>
    /// <returns><see langword="true"/> when the account exists.</returns>
    Task<bool> UpdateAccountTokensAsync(SesameAccount account, CancellationToken cancellationToken);
}
