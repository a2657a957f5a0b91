namespace Sesame.Stores;

/// <summary>
/// Keeps single-use e-mail sign-in tokens (next-auth's adapter <c>createVerificationToken</c>,
/// <c>useVerificationToken</c>).
/// </summary>
public interface IVerificationTokenStore
{
    /// <summary>Stores a new token.</summary>
    /// <exception cref="SesameStoreConflictException">A token with the same hash is stored.</exception>
    Task CreateVerificationTokenAsync(SesameVerificationToken token, CancellationToken cancellationToken);

    /// <summary>
    /// Uses a token: atomically returns and deletes it, so that of two concurrent uses exactly one gets the token.
    /// Expired tokens are returned (and deleted) too; the caller checks <see cref="SesameVerificationToken.Expires"/>.
    /// </summary>
    /// <param name="identifier">The e-mail address the token must belong to, or <see langword="null"/> to match by hash alone.</param>
    /// <param name="tokenHash">The hash of the token.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The token, or <see langword="null"/> when there is no such token (or it was already used).</returns>
    Task<SesameVerificationToken?> UseVerificationTokenAsync(string? identifier, string tokenHash, CancellationToken cancellationToken);
}
