namespace Sesame.Stores;

/// <summary>
/// Keeps users (next-auth's adapter <c>createUser</c>, <c>getUser</c>, <c>getUserByEmail</c>, <c>getUserByAccount</c>,
/// <c>updateUser</c>, <c>deleteUser</c>). A store keeps <see cref="SesameUser.Id"/>, <see cref="SesameUser.Name"/>,
/// <see cref="SesameUser.Email"/>, <see cref="SesameUser.EmailVerified"/> and <see cref="SesameUser.Image"/>;
/// <see cref="SesameUser.Properties"/> is not stored (keep app data in the app's own tables and add it in the
/// callbacks). E-mail addresses are compared exactly: the core normalizes them before it calls the store.
/// </summary>
public interface IUserStore
{
    /// <summary>Stores a new user.</summary>
    /// <param name="user">The user; an empty <see cref="SesameUser.Id"/> lets the store choose one (<see cref="StoreIds.NewId"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored user, with its id.</returns>
    /// <exception cref="SesameStoreConflictException">The id or the e-mail address is taken.</exception>
    Task<SesameUser> CreateUserAsync(SesameUser user, CancellationToken cancellationToken);

    /// <summary>Finds a user by id.</summary>
    /// <returns>The user, or <see langword="null"/> when there is none.</returns>
    Task<SesameUser?> GetUserAsync(string id, CancellationToken cancellationToken);

    /// <summary>Finds a user by e-mail address.</summary>
    /// <returns>The user, or <see langword="null"/> when there is none.</returns>
    Task<SesameUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Finds the user an account at a provider is linked to.</summary>
    /// <param name="provider">The provider id, e.g. <c>github</c>.</param>
    /// <param name="providerAccountId">The user's id at the provider.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The user, or <see langword="null"/> when no such account is linked.</returns>
    Task<SesameUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken);

    /// <summary>Replaces the stored fields of the user with <see cref="SesameUser.Id"/> by those of <paramref name="user"/>.</summary>
    /// <returns><see langword="true"/> when the user existed and was updated.</returns>
    /// <exception cref="SesameStoreConflictException">The new e-mail address belongs to another user.</exception>
    Task<bool> UpdateUserAsync(SesameUser user, CancellationToken cancellationToken);

    /// <summary>Deletes a user with its accounts and sessions.</summary>
    /// <returns><see langword="true"/> when the user existed.</returns>
    Task<bool> DeleteUserAsync(string id, CancellationToken cancellationToken);
}
