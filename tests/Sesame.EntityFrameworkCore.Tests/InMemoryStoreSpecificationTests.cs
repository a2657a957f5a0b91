using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests;

/// <summary>The store specification on <see cref="InMemorySesameStore"/>, so that unit tests of the core rely on a store that behaves like the real ones.</summary>
public sealed class InMemoryStoreSpecificationTests : StoreSpecification
{
    private readonly InMemorySesameStore _store = new();

    protected override Task<StoreUnderTest> CreateStoreAsync() => Task.FromResult(new StoreUnderTest
    {
        Users = _store,
        Accounts = _store,
        Sessions = _store,
        VerificationTokens = _store,
        Data = new InMemoryDataReader(_store),
    });

    private sealed class InMemoryDataReader(InMemorySesameStore store) : IStoreDataReader
    {
        public Task<SesameUser?> ReadUserAsync(string id, CancellationToken cancellationToken) =>
            Task.FromResult(store.Users.SingleOrDefault(u => u.Id == id));

        public Task<IReadOnlyList<SesameAccount>> ReadAccountsAsync(string userId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SesameAccount>>([.. store.Accounts.Where(a => a.UserId == userId)]);

        public Task<IReadOnlyList<SesameSession>> ReadSessionsAsync(string userId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SesameSession>>([.. store.Sessions.Where(s => s.UserId == userId)]);

        public Task<IReadOnlyList<SesameVerificationToken>> ReadVerificationTokensAsync(string identifier, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SesameVerificationToken>>([.. store.VerificationTokens.Where(t => t.Identifier == identifier)]);
    }
}
