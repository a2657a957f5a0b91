using Sesame.Stores;

namespace Sesame.Testing;

/// <summary>The stores a <see cref="StoreSpecification"/> runs against, and a reader of the data beneath them.</summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    /// <summary>The user store.</summary>
    public required IUserStore Users { get; init; }

    /// <summary>The account store.</summary>
    public required IAccountStore Accounts { get; init; }

    /// <summary>The session store.</summary>
    public required ISessionStore Sessions { get; init; }

    /// <summary>The verification token store.</summary>
    public required IVerificationTokenStore VerificationTokens { get; init; }

    /// <summary>Reads the stored data directly.</summary>
    public required IStoreDataReader Data { get; init; }

    /// <summary>What to dispose with the stores (a service scope, a <c>DbContext</c>), if anything.</summary>
    public IAsyncDisposable? Owner { get; init; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
