using Sesame.Stores;

namespace Sesame.Testing;

/// <summary>
/// Reads what a store really keeps, without going through the store: for a database, plain SQL against its tables.
/// <see cref="StoreSpecification"/> checks every write with it, so a store cannot pass by reading back its own
/// mistakes. Reads return every row, expired ones included.
/// </summary>
public interface IStoreDataReader
{
    /// <summary>The stored user with this id, or <see langword="null"/>.</summary>
    Task<SesameUser?> ReadUserAsync(string id, CancellationToken cancellationToken);

    /// <summary>The accounts linked to this user.</summary>
    Task<IReadOnlyList<SesameAccount>> ReadAccountsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>This user's sessions.</summary>
    Task<IReadOnlyList<SesameSession>> ReadSessionsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The verification tokens sent to this identifier.</summary>
    Task<IReadOnlyList<SesameVerificationToken>> ReadVerificationTokensAsync(string identifier, CancellationToken cancellationToken);
}
