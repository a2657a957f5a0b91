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
}
