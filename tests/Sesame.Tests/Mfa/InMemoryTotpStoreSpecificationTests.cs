using Sesame.Stores;
using Sesame.Testing;
using Sesame.Mfa;

namespace Sesame.Tests.Mfa;

/// <summary>The TOTP store specification on the in-memory store.</summary>
public sealed class InMemoryTotpStoreSpecificationTests : TotpStoreSpecification
{
    private readonly InMemoryTotpStore _store = new();

    protected override Task<ITotpStore> CreateStoreAsync() => Task.FromResult<ITotpStore>(_store);

    protected override Task<string> CreateUserAsync() => Task.FromResult(StoreIds.NewId());
}
