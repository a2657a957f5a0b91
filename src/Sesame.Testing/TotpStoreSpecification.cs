using Sesame.Stores;
using Xunit;

namespace Sesame.Testing;

/// <summary>
/// The specification every <see cref="ITotpStore"/> must pass: enrolments kept as saved and replaced whole, each TOTP
/// time step and each recovery code usable once even under concurrent use, and the last verification recorded. A store
/// package's tests inherit it once per store.
/// </summary>
public abstract class TotpStoreSpecification
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private static CancellationToken None => CancellationToken.None;

    /// <summary>A store over the shared data; several may be asked for in one test, for the concurrency checks.</summary>
    protected abstract Task<ITotpStore> CreateStoreAsync();

    /// <summary>Makes a user the store may enrol (a store with a foreign key to its users needs the row) and returns its id.</summary>
    protected abstract Task<string> CreateUserAsync();

    private async Task<(ITotpStore Store, string UserId)> EnrolledAsync(params string[] recoveryHashes)
    {
        var store = await CreateStoreAsync();
        var userId = await CreateUserAsync();
        await store.SaveEnrolmentAsync(new SesameTotpEnrolment { UserId = userId, Secret = "JBSWY3DPEHPK3PXP", RecoveryCodeHashes = recoveryHashes }, None);
        return (store, userId);
    }

    /// <summary>What is saved is read back, field by field.</summary>
    [Fact]
    public async Task SaveEnrolment_ThenGet_ReturnsIt()
    {
        var (store, userId) = await EnrolledAsync("h1", "h2");

        var enrolment = await store.GetEnrolmentAsync(userId, None);

        Assert.NotNull(enrolment);
        Assert.Equal(userId, enrolment.UserId);
        Assert.Equal("JBSWY3DPEHPK3PXP", enrolment.Secret);
        Assert.Equal(["h1", "h2"], enrolment.RecoveryCodeHashes.Order(StringComparer.Ordinal));
        Assert.Null(enrolment.LastUsedTimeStep);
        Assert.Null(enrolment.LastVerifiedAt);
    }

    /// <summary>A new enrolment replaces the old one whole: secret, recovery codes and used steps.</summary>
    [Fact]
    public async Task SaveEnrolment_Again_ReplacesEverything()
    {
        var (store, userId) = await EnrolledAsync("old");
        Assert.True(await store.TryUseTimeStepAsync(userId, 100, Now, None));

        await store.SaveEnrolmentAsync(new SesameTotpEnrolment { UserId = userId, Secret = "KRSXG5CTMVRXEZLU", RecoveryCodeHashes = ["new"], LastUsedTimeStep = 7 }, None);

        var enrolment = (await store.GetEnrolmentAsync(userId, None))!;
        Assert.Equal("KRSXG5CTMVRXEZLU", enrolment.Secret);
        Assert.Equal(["new"], enrolment.RecoveryCodeHashes);
        Assert.Equal(7, enrolment.LastUsedTimeStep);
        Assert.False(await store.TryUseRecoveryCodeAsync(userId, "old", Now, None));
    }

    /// <summary>No enrolment, no second factor.</summary>
    [Fact]
    public async Task GetEnrolment_Unknown_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetEnrolmentAsync("nobody-" + StoreIds.NewId(), None));
    }

    /// <summary>Each time step once, in order: the same or an earlier step is a replay.</summary>
    [Fact]
    public async Task TryUseTimeStep_OnlyLaterStepsAndRecordsTheVerification()
    {
        var (store, userId) = await EnrolledAsync();

        Assert.True(await store.TryUseTimeStepAsync(userId, 100, Now, None));
        Assert.False(await store.TryUseTimeStepAsync(userId, 100, Now.AddSeconds(1), None));
        Assert.False(await store.TryUseTimeStepAsync(userId, 99, Now.AddSeconds(2), None));
        Assert.True(await store.TryUseTimeStepAsync(userId, 101, Now.AddSeconds(30), None));

        var enrolment = (await store.GetEnrolmentAsync(userId, None))!;
        Assert.Equal(101, enrolment.LastUsedTimeStep);
        Assert.Equal(Now.AddSeconds(30), enrolment.LastVerifiedAt);
        Assert.Equal(TimeSpan.Zero, enrolment.LastVerifiedAt!.Value.Offset);
    }

    /// <summary>Many requests with the same code at once: exactly one succeeds.</summary>
    [Fact]
    public async Task TryUseTimeStep_Concurrently_ExactlyOneWins()
    {
        var (_, userId) = await EnrolledAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CreateStoreAsync()));

        var results = await Task.WhenAll(stores.Select(store => Task.Run(() => store.TryUseTimeStepAsync(userId, 500, Now, None))));

        Assert.Equal(1, results.Count(won => won));
    }

    /// <summary>A recovery code works once and leaves the others.</summary>
    [Fact]
    public async Task TryUseRecoveryCode_Once()
    {
        var (store, userId) = await EnrolledAsync("a", "b");

        Assert.True(await store.TryUseRecoveryCodeAsync(userId, "a", Now, None));
        Assert.False(await store.TryUseRecoveryCodeAsync(userId, "a", Now, None));
        Assert.False(await store.TryUseRecoveryCodeAsync(userId, "zzz", Now, None));

        var enrolment = (await store.GetEnrolmentAsync(userId, None))!;
        Assert.Equal(["b"], enrolment.RecoveryCodeHashes);
        Assert.Equal(Now, enrolment.LastVerifiedAt);
    }

    /// <summary>The same recovery code from many requests at once: exactly one succeeds.</summary>
    [Fact]
    public async Task TryUseRecoveryCode_Concurrently_ExactlyOneWins()
    {
        var (_, userId) = await EnrolledAsync("only");
        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CreateStoreAsync()));

        var results = await Task.WhenAll(stores.Select(store => Task.Run(() => store.TryUseRecoveryCodeAsync(userId, "only", Now, None))));

        Assert.Equal(1, results.Count(won => won));
    }

    /// <summary>Removing the second factor removes the codes too, and says whether there was one.</summary>
    [Fact]
    public async Task DeleteEnrolment_RemovesItAndItsCodes()
    {
        var (store, userId) = await EnrolledAsync("a");

        Assert.True(await store.DeleteEnrolmentAsync(userId, None));
        Assert.Null(await store.GetEnrolmentAsync(userId, None));
        Assert.False(await store.TryUseRecoveryCodeAsync(userId, "a", Now, None));
        Assert.False(await store.TryUseTimeStepAsync(userId, 1, Now, None));
        Assert.False(await store.DeleteEnrolmentAsync(userId, None));
    }
}
