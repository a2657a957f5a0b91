using Sesame.Stores;
using Xunit;

namespace Sesame.Testing;

/// <summary>
/// The specification every Sesame store must pass (users, accounts, sessions, verification tokens). A store package's
/// tests inherit it once per store and supply <see cref="CreateStoreAsync"/>; every <see cref="StoreFactAttribute"/>
/// test then runs against that store, checking both what the store returns and what it really keeps
/// (<see cref="StoreUnderTest.Data"/>). Tests make their own unique ids, e-mail addresses and keys, so several tests
/// may share one database. Times are whole milliseconds, the precision every store keeps.
/// </summary>
public abstract class StoreSpecification : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly string _run = StoreIds.NewId()[..10];
    private readonly List<StoreUnderTest> _stores = [];

    /// <summary>The stores under test, made by <see cref="InitializeAsync"/>.</summary>
    protected StoreUnderTest Store => _stores.Count > 0 ? _stores[0] : throw new InvalidOperationException("InitializeAsync has not run.");

    private static CancellationToken None => CancellationToken.None;

    /// <summary>
    /// Makes the stores. Every call made during one test must return stores over the same data (one database), each
    /// safe to use alongside the others: the concurrency tests use several at once.
    /// </summary>
    protected abstract Task<StoreUnderTest> CreateStoreAsync();

    /// <summary>Makes the stores for a test. An override that prepares a database first must call this afterwards.</summary>
    public virtual async Task InitializeAsync() => _stores.Add(await CreateStoreAsync());

    /// <summary>Disposes every store made for the test.</summary>
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    // ---- users ----------------------------------------------------------------------------------------------------

    /// <summary>A user created without an id gets a new random URL-safe id, and every field is stored.</summary>
    [StoreFact]
    public async Task CreateUser_WithoutId_StoresEveryFieldUnderANewUrlSafeId()
    {
        var created = await Store.Users.CreateUserAsync(
            new SesameUser { Id = "", Name = "Ada", Email = Email("ada"), EmailVerified = Now, Image = "https://example.com/ada.png" }, None);

        Assert.Equal(StoreIds.Length, created.Id.Length);
        Assert.All(created.Id, c => Assert.True(char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c), $"'{c}' is not URL-safe"));
        var expected = new SesameUser { Id = created.Id, Name = "Ada", Email = Email("ada"), EmailVerified = Now, Image = "https://example.com/ada.png" };
        AssertUser(expected, created);
        AssertUser(expected, await Store.Data.ReadUserAsync(created.Id, None));
    }

    /// <summary>Two users created without ids get different ids.</summary>
    [StoreFact]
    public async Task CreateUser_TwoWithoutId_GetDifferentIds()
    {
        var first = await Store.Users.CreateUserAsync(new SesameUser { Id = "", Email = Email("a") }, None);
        var second = await Store.Users.CreateUserAsync(new SesameUser { Id = "", Email = Email("b") }, None);

        Assert.NotEqual(first.Id, second.Id);
    }

    /// <summary>A user created with an id keeps it; absent fields are stored as null.</summary>
    [StoreFact]
    public async Task CreateUser_WithId_KeepsTheIdAndStoresAbsentFieldsAsNull()
    {
        var id = Id("user");

        var created = await Store.Users.CreateUserAsync(new SesameUser { Id = id }, None);

        Assert.Equal(id, created.Id);
        AssertUser(new SesameUser { Id = id }, await Store.Data.ReadUserAsync(id, None));
    }

    /// <summary>A second user with a taken e-mail address is rejected and not stored.</summary>
    [StoreFact]
    public async Task CreateUser_DuplicateEmail_ThrowsConflictAndStoresNothing()
    {
        await CreateUserAsync("first", Email("same"));
        var second = Id("second");

        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.Users.CreateUserAsync(new SesameUser { Id = second, Email = Email("same") }, None));

        Assert.Null(await Store.Data.ReadUserAsync(second, None));
    }

    /// <summary>A second user with a taken id is rejected and the first is left as it was.</summary>
    [StoreFact]
    public async Task CreateUser_DuplicateId_ThrowsConflictAndKeepsTheFirst()
    {
        var first = await CreateUserAsync("first", Email("first"));

        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.Users.CreateUserAsync(new SesameUser { Id = first.Id, Email = Email("second") }, None));

        AssertUser(first, await Store.Data.ReadUserAsync(first.Id, None));
    }

    /// <summary>The e-mail address is unique only when present: any number of users may have none.</summary>
    [StoreFact]
    public async Task CreateUser_TwoWithoutEmail_StoresBoth()
    {
        var first = await CreateUserAsync("first", email: null);
        var second = await CreateUserAsync("second", email: null);

        Assert.NotNull(await Store.Data.ReadUserAsync(first.Id, None));
        Assert.NotNull(await Store.Data.ReadUserAsync(second.Id, None));
    }

    /// <summary>Only the standard fields are stored: app properties are not.</summary>
    [StoreFact]
    public async Task CreateUser_WithProperties_DoesNotStoreThem()
    {
        var created = await Store.Users.CreateUserAsync(
            new SesameUser { Id = Id("user"), Properties = new Dictionary<string, string?> { ["role"] = "admin" } }, None);

        Assert.Empty(created.Properties);
        Assert.Empty((await Store.Users.GetUserAsync(created.Id, None))!.Properties);
    }

    /// <summary>A user is found by id.</summary>
    [StoreFact]
    public async Task GetUser_KnownId_ReturnsTheUser()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await CreateUserAsync("other", Email("other"));

        AssertUser(user, await Store.Users.GetUserAsync(user.Id, None));
    }

    /// <summary>An unknown id finds nothing.</summary>
    [StoreFact]
    public async Task GetUser_UnknownId_ReturnsNull() =>
        Assert.Null(await Store.Users.GetUserAsync(Id("nobody"), None));

    /// <summary>A user is found by e-mail address.</summary>
    [StoreFact]
    public async Task GetUserByEmail_KnownEmail_ReturnsTheUser()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await CreateUserAsync("other", Email("other"));

        AssertUser(user, await Store.Users.GetUserByEmailAsync(Email("user"), None));
    }

    /// <summary>An unknown e-mail address finds nothing, and addresses are compared exactly.</summary>
    [StoreFact]
    public async Task GetUserByEmail_UnknownOrDifferentlyCasedEmail_ReturnsNull()
    {
        await CreateUserAsync("user", Email("user"));

        Assert.Null(await Store.Users.GetUserByEmailAsync(Email("nobody"), None));
        Assert.Null(await Store.Users.GetUserByEmailAsync(Email("user").ToUpperInvariant(), None));
    }

    /// <summary>A user is found by a linked account.</summary>
    [StoreFact]
    public async Task GetUserByAccount_LinkedAccount_ReturnsTheUser()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        await Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("gh")), None);
        await Store.Accounts.LinkAccountAsync(Account(other.Id, "google", Id("gh")), None);

        AssertUser(user, await Store.Users.GetUserByAccountAsync("github", Id("gh"), None));
        AssertUser(other, await Store.Users.GetUserByAccountAsync("google", Id("gh"), None));
    }

    /// <summary>An account that is not linked finds nothing, even when the id is linked at another provider.</summary>
    [StoreFact]
    public async Task GetUserByAccount_UnknownAccount_ReturnsNull()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("gh")), None);

        Assert.Null(await Store.Users.GetUserByAccountAsync("github", Id("unknown"), None));
        Assert.Null(await Store.Users.GetUserByAccountAsync("gitlab", Id("gh"), None));
    }

    /// <summary>An update replaces every stored field of that user and of no other.</summary>
    [StoreFact]
    public async Task UpdateUser_KnownUser_ReplacesItsStoredFields()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        var changed = new SesameUser { Id = user.Id, Name = "New name", Email = Email("new"), EmailVerified = Now.AddDays(1), Image = null };

        Assert.True(await Store.Users.UpdateUserAsync(changed, None));

        AssertUser(changed, await Store.Data.ReadUserAsync(user.Id, None));
        AssertUser(other, await Store.Data.ReadUserAsync(other.Id, None));
    }

    /// <summary>Updating a user that does not exist changes nothing and says so.</summary>
    [StoreFact]
    public async Task UpdateUser_UnknownUser_ReturnsFalseAndStoresNothing()
    {
        var id = Id("nobody");

        Assert.False(await Store.Users.UpdateUserAsync(new SesameUser { Id = id, Email = Email("nobody") }, None));

        Assert.Null(await Store.Data.ReadUserAsync(id, None));
    }

    /// <summary>A user cannot take another user's e-mail address.</summary>
    [StoreFact]
    public async Task UpdateUser_EmailOfAnotherUser_ThrowsConflictAndKeepsTheUser()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await CreateUserAsync("other", Email("other"));

        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.Users.UpdateUserAsync(user with { Email = Email("other") }, None));

        AssertUser(user, await Store.Data.ReadUserAsync(user.Id, None));
    }

    /// <summary>Deleting a user deletes its accounts and sessions with it, and nobody else's.</summary>
    [StoreFact]
    public async Task DeleteUser_KnownUser_DeletesTheUserWithItsAccountsAndSessions()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        await Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("gh-user")), None);
        await Store.Accounts.LinkAccountAsync(Account(other.Id, "github", Id("gh-other")), None);
        await CreateSessionAsync(user.Id, "user-1", Now.AddDays(1));
        await CreateSessionAsync(user.Id, "user-2", Now.AddDays(2));
        await CreateSessionAsync(other.Id, "other", Now.AddDays(1));

        Assert.True(await Store.Users.DeleteUserAsync(user.Id, None));

        Assert.Null(await Store.Data.ReadUserAsync(user.Id, None));
        Assert.Empty(await Store.Data.ReadAccountsAsync(user.Id, None));
        Assert.Empty(await Store.Data.ReadSessionsAsync(user.Id, None));
        Assert.Null(await Store.Users.GetUserByAccountAsync("github", Id("gh-user"), None));
        Assert.NotNull(await Store.Data.ReadUserAsync(other.Id, None));
        Assert.Single(await Store.Data.ReadAccountsAsync(other.Id, None));
        Assert.Single(await Store.Data.ReadSessionsAsync(other.Id, None));
    }

    /// <summary>Deleting a user that does not exist says so.</summary>
    [StoreFact]
    public async Task DeleteUser_UnknownUser_ReturnsFalse() =>
        Assert.False(await Store.Users.DeleteUserAsync(Id("nobody"), None));

    // ---- accounts -------------------------------------------------------------------------------------------------

    /// <summary>Linking an account stores every field.</summary>
    [StoreFact]
    public async Task LinkAccount_NewAccount_StoresEveryField()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var account = new SesameAccount
        {
            UserId = user.Id,
            Type = "oidc",
            Provider = "google",
            ProviderAccountId = Id("g"),
            RefreshToken = "refresh",
            AccessToken = "access",
            ExpiresAt = 4_102_444_800, // 2100-01-01: past 2038, so the column must hold more than 32 bits
            TokenType = "bearer",
            Scope = "openid email profile",
            IdToken = "header.payload.signature",
            SessionState = "state",
        };

        await Store.Accounts.LinkAccountAsync(account, None);

        Assert.Equal(account, Assert.Single(await Store.Data.ReadAccountsAsync(user.Id, None)));
    }

    /// <summary>A user's accounts are listed with their tokens, and only theirs.</summary>
    [StoreFact]
    public async Task GetUserAccounts_ListsTheUsersAccountsWithTokens()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        var github = Account(user.Id, "github", Id("gh")) with { AccessToken = "a1", RefreshToken = "r1", ExpiresAt = 4_102_444_800 };
        var gitlab = Account(user.Id, "gitlab", Id("gl"));
        await Store.Accounts.LinkAccountAsync(github, None);
        await Store.Accounts.LinkAccountAsync(gitlab, None);
        await Store.Accounts.LinkAccountAsync(Account(other.Id, "github", Id("gh-other")), None);

        var accounts = await Store.Accounts.GetUserAccountsAsync(user.Id, None);

        Assert.Equal([github, gitlab], accounts.OrderBy(a => a.Provider, StringComparer.Ordinal));
        Assert.Empty(await Store.Accounts.GetUserAccountsAsync(Id("nobody"), None));
    }

    /// <summary>After a refresh the new tokens replace the old ones (a null clears one); user, type and other accounts stay.</summary>
    [StoreFact]
    public async Task UpdateAccountTokens_ReplacesTheTokensOnly()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var account = Account(user.Id, "github", Id("gh")) with
        {
            AccessToken = "old-access", RefreshToken = "old-refresh", ExpiresAt = 1_700_000_000, IdToken = "old.id.token", Scope = "read", TokenType = "bearer",
        };
        var untouched = Account(user.Id, "gitlab", Id("gl")) with { AccessToken = "gitlab-access" };
        await Store.Accounts.LinkAccountAsync(account, None);
        await Store.Accounts.LinkAccountAsync(untouched, None);

        var refreshed = account with { UserId = "someone-else", Type = "changed", AccessToken = "new-access", RefreshToken = "new-refresh", ExpiresAt = 4_102_444_800, IdToken = null };
        Assert.True(await Store.Accounts.UpdateAccountTokensAsync(refreshed, None));

        var stored = await Store.Data.ReadAccountsAsync(user.Id, None);
        Assert.Equal(account with { AccessToken = "new-access", RefreshToken = "new-refresh", ExpiresAt = 4_102_444_800, IdToken = null },
            stored.Single(a => a.Provider == "github"));
        Assert.Equal(untouched, stored.Single(a => a.Provider == "gitlab"));
    }

    /// <summary>Updating the tokens of an account that is not linked creates nothing and says so.</summary>
    [StoreFact]
    public async Task UpdateAccountTokens_UnknownAccount_ReturnsFalse()
    {
        var user = await CreateUserAsync("user", Email("user"));

        Assert.False(await Store.Accounts.UpdateAccountTokensAsync(Account(user.Id, "github", Id("none")) with { AccessToken = "x" }, None));

        Assert.Empty(await Store.Data.ReadAccountsAsync(user.Id, None));
    }

    /// <summary>A credentials or e-mail account has only the provider and the id; the rest is stored as null.</summary>
    [StoreFact]
    public async Task LinkAccount_WithoutTokens_StoresNullTokenFields()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var account = Account(user.Id, "email", Email("user"));

        await Store.Accounts.LinkAccountAsync(account, None);

        Assert.Equal(account, Assert.Single(await Store.Data.ReadAccountsAsync(user.Id, None)));
    }

    /// <summary>An account already linked, to this user or another, cannot be linked again.</summary>
    [StoreFact]
    public async Task LinkAccount_AlreadyLinkedAccount_ThrowsConflict()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        await Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("gh")), None);

        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.Accounts.LinkAccountAsync(Account(other.Id, "github", Id("gh")), None));
        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("gh")), None));

        Assert.Single(await Store.Data.ReadAccountsAsync(user.Id, None));
        Assert.Empty(await Store.Data.ReadAccountsAsync(other.Id, None));
    }

    /// <summary>An account cannot be linked to a user that does not exist.</summary>
    [StoreFact]
    public async Task LinkAccount_UnknownUser_ThrowsConflict()
    {
        var nobody = Id("nobody");

        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.Accounts.LinkAccountAsync(Account(nobody, "github", Id("gh")), None));

        Assert.Empty(await Store.Data.ReadAccountsAsync(nobody, None));
    }

    /// <summary>The same id at two providers is two accounts.</summary>
    [StoreFact]
    public async Task LinkAccount_SameIdAtAnotherProvider_LinksBoth()
    {
        var user = await CreateUserAsync("user", Email("user"));

        await Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("42")), None);
        await Store.Accounts.LinkAccountAsync(Account(user.Id, "gitlab", Id("42")), None);

        Assert.Equal(["github", "gitlab"], (await Store.Data.ReadAccountsAsync(user.Id, None)).Select(a => a.Provider).Order(StringComparer.Ordinal));
    }

    /// <summary>Unlinking removes that account only; the user and their other accounts stay.</summary>
    [StoreFact]
    public async Task UnlinkAccount_LinkedAccount_RemovesOnlyThatAccount()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("gh")), None);
        var kept = Account(user.Id, "google", Id("g"));
        await Store.Accounts.LinkAccountAsync(kept, None);

        Assert.True(await Store.Accounts.UnlinkAccountAsync("github", Id("gh"), None));

        Assert.Equal(kept, Assert.Single(await Store.Data.ReadAccountsAsync(user.Id, None)));
        Assert.NotNull(await Store.Data.ReadUserAsync(user.Id, None));
        Assert.Null(await Store.Users.GetUserByAccountAsync("github", Id("gh"), None));
    }

    /// <summary>Unlinking an account that is not linked says so.</summary>
    [StoreFact]
    public async Task UnlinkAccount_UnknownAccount_ReturnsFalse()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await Store.Accounts.LinkAccountAsync(Account(user.Id, "github", Id("gh")), None);

        Assert.False(await Store.Accounts.UnlinkAccountAsync("github", Id("other"), None));

        Assert.Single(await Store.Data.ReadAccountsAsync(user.Id, None));
    }

    // ---- sessions -------------------------------------------------------------------------------------------------

    /// <summary>A session created without an id gets a new random id, and every field is stored.</summary>
    [StoreFact]
    public async Task CreateSession_WithoutId_StoresEveryFieldUnderANewId()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var session = new SesameSession
        {
            Id = "",
            SessionKey = Key("key"),
            UserId = user.Id,
            Expires = Now.AddDays(30),
            CreatedAt = Now,
            LastSeenAt = Now.AddMinutes(1),
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
            IpAddress = "2001:db8::1",
        };

        var created = await Store.Sessions.CreateSessionAsync(session, None);

        Assert.Equal(StoreIds.Length, created.Id.Length);
        Assert.Equal(session with { Id = created.Id }, created);
        AssertSession(created, Assert.Single(await Store.Data.ReadSessionsAsync(user.Id, None)));
    }

    /// <summary>A session with only next-auth's fields stores the device fields as null.</summary>
    [StoreFact]
    public async Task CreateSession_NextAuthFieldsOnly_StoresNullDeviceFields()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var session = new SesameSession { Id = Id("session"), SessionKey = Key("key"), UserId = user.Id, Expires = Now };

        Assert.Equal(session, await Store.Sessions.CreateSessionAsync(session, None));

        AssertSession(session, Assert.Single(await Store.Data.ReadSessionsAsync(user.Id, None)));
    }

    /// <summary>Times are kept as instants and come back in UTC, whatever offset they were given with.</summary>
    [StoreFact]
    public async Task CreateSession_TimesWithOffset_StoresTheSameInstantsInUtc()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var expires = Now.ToOffset(TimeSpan.FromHours(2));
        var key = Key("key");
        await Store.Sessions.CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = key, UserId = user.Id, Expires = expires, CreatedAt = expires.ToOffset(TimeSpan.FromHours(-7)) }, None);

        var stored = Assert.Single(await Store.Data.ReadSessionsAsync(user.Id, None));
        var read = (await Store.Sessions.GetSessionAndUserAsync(key, None))!.Session;

        Assert.Equal(Now, stored.Expires);
        Assert.Equal(Now, stored.CreatedAt);
        Assert.Equal(Now, read.Expires);
        Assert.Equal(TimeSpan.Zero, read.Expires.Offset);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt!.Value.Offset);
    }

    /// <summary>A taken session key is rejected.</summary>
    [StoreFact]
    public async Task CreateSession_DuplicateKey_ThrowsConflict()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        await CreateSessionAsync(user.Id, "key", Now.AddDays(1));

        await Assert.ThrowsAsync<SesameStoreConflictException>(() => CreateSessionAsync(other.Id, "key", Now.AddDays(2)));

        Assert.Empty(await Store.Data.ReadSessionsAsync(other.Id, None));
    }

    /// <summary>A session cannot belong to a user that does not exist.</summary>
    [StoreFact]
    public async Task CreateSession_UnknownUser_ThrowsConflict()
    {
        var nobody = Id("nobody");

        await Assert.ThrowsAsync<SesameStoreConflictException>(() => CreateSessionAsync(nobody, "key", Now.AddDays(1)));

        Assert.Empty(await Store.Data.ReadSessionsAsync(nobody, None));
    }

    /// <summary>A session key finds the session and its user in one call.</summary>
    [StoreFact]
    public async Task GetSessionAndUser_KnownKey_ReturnsTheSessionAndItsUser()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        var session = await CreateSessionAsync(user.Id, "key", Now.AddDays(1));
        await CreateSessionAsync(user.Id, "second", Now.AddDays(2));
        await CreateSessionAsync(other.Id, "other", Now.AddDays(1));

        var found = await Store.Sessions.GetSessionAndUserAsync(session.SessionKey, None);

        Assert.NotNull(found);
        AssertSession(session, found.Session);
        AssertUser(user, found.User);
    }

    /// <summary>An unknown key finds nothing.</summary>
    [StoreFact]
    public async Task GetSessionAndUser_UnknownKey_ReturnsNull()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await CreateSessionAsync(user.Id, "key", Now.AddDays(1));

        Assert.Null(await Store.Sessions.GetSessionAndUserAsync(Key("unknown"), None));
    }

    /// <summary>An expired session is still returned: the caller checks the expiry and deletes it (next-auth's rule).</summary>
    [StoreFact]
    public async Task GetSessionAndUser_ExpiredSession_StillReturnsIt()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var session = await CreateSessionAsync(user.Id, "key", Now.AddYears(-1));

        var found = await Store.Sessions.GetSessionAndUserAsync(session.SessionKey, None);

        Assert.NotNull(found);
        Assert.Equal(Now.AddYears(-1), found.Session.Expires);
    }

    /// <summary>Extending a session sets its expiry and last-seen time and nothing else, in no other session.</summary>
    [StoreFact]
    public async Task UpdateSession_KnownKey_SetsOnlyItsExpiryAndLastSeen()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var session = await Store.Sessions.CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = Key("key"), UserId = user.Id, Expires = Now, CreatedAt = Now, UserAgent = "agent", IpAddress = "192.0.2.1" }, None);
        var other = await CreateSessionAsync(user.Id, "other", Now);

        Assert.True(await Store.Sessions.UpdateSessionAsync(session.SessionKey, Now.AddDays(30), Now.AddHours(1), None));

        var stored = await Store.Data.ReadSessionsAsync(user.Id, None);
        AssertSession(session with { Expires = Now.AddDays(30), LastSeenAt = Now.AddHours(1) }, stored.Single(s => s.Id == session.Id));
        AssertSession(other, stored.Single(s => s.Id == other.Id));
    }

    /// <summary>A browser session (remember-me not chosen) stays one: its <c>persistent</c> flag survives a read and an extension.</summary>
    [StoreFact]
    public async Task CreateSession_BrowserSession_KeepsPersistentFalseThroughReadsAndUpdates()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var browser = await Store.Sessions.CreateSessionAsync(
            new SesameSession { Id = "", SessionKey = Key("browser"), UserId = user.Id, Expires = Now.AddHours(12), CreatedAt = Now, Persistent = false }, None);
        var persistent = await CreateSessionAsync(user.Id, "persistent", Now.AddDays(30));

        Assert.True(await Store.Sessions.UpdateSessionAsync(browser.SessionKey, Now.AddHours(13), Now.AddHours(1), None));

        Assert.False((await Store.Sessions.GetSessionAndUserAsync(browser.SessionKey, None))!.Session.Persistent);
        Assert.Null((await Store.Sessions.GetSessionAndUserAsync(persistent.SessionKey, None))!.Session.Persistent);
        var stored = await Store.Data.ReadSessionsAsync(user.Id, None);
        Assert.False(stored.Single(s => s.Id == browser.Id).Persistent);
        Assert.Null(stored.Single(s => s.Id == persistent.Id).Persistent);
    }

    /// <summary>Extending a session that does not exist creates nothing and says so.</summary>
    [StoreFact]
    public async Task UpdateSession_UnknownKey_ReturnsFalse()
    {
        Assert.False(await Store.Sessions.UpdateSessionAsync(Key("unknown"), Now.AddDays(30), Now, None));

        Assert.Null(await Store.Sessions.GetSessionAndUserAsync(Key("unknown"), None));
    }

    /// <summary>Deleting a session by key removes it and hands it back (the sign-out event needs its user).</summary>
    [StoreFact]
    public async Task DeleteSession_KnownKey_DeletesAndReturnsIt()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var session = await CreateSessionAsync(user.Id, "key", Now.AddDays(1));
        var other = await CreateSessionAsync(user.Id, "other", Now.AddDays(1));

        var deleted = await Store.Sessions.DeleteSessionAsync(session.SessionKey, None);

        AssertSession(session, deleted);
        AssertSession(other, Assert.Single(await Store.Data.ReadSessionsAsync(user.Id, None)));
    }

    /// <summary>Deleting an unknown key deletes nothing.</summary>
    [StoreFact]
    public async Task DeleteSession_UnknownKey_ReturnsNull()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await CreateSessionAsync(user.Id, "key", Now.AddDays(1));

        Assert.Null(await Store.Sessions.DeleteSessionAsync(Key("unknown"), None));

        Assert.Single(await Store.Data.ReadSessionsAsync(user.Id, None));
    }

    /// <summary>A user's session is deleted by its non-secret id.</summary>
    [StoreFact]
    public async Task DeleteUserSession_OwnSession_DeletesIt()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var session = await CreateSessionAsync(user.Id, "key", Now.AddDays(1));
        var kept = await CreateSessionAsync(user.Id, "kept", Now.AddDays(1));

        Assert.True(await Store.Sessions.DeleteUserSessionAsync(user.Id, session.Id, None));

        AssertSession(kept, Assert.Single(await Store.Data.ReadSessionsAsync(user.Id, None)));
    }

    /// <summary>A session id of another user deletes nothing: one user cannot revoke another's device.</summary>
    [StoreFact]
    public async Task DeleteUserSession_AnotherUsersSession_LeavesIt()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        var othersSession = await CreateSessionAsync(other.Id, "key", Now.AddDays(1));

        Assert.False(await Store.Sessions.DeleteUserSessionAsync(user.Id, othersSession.Id, None));
        Assert.False(await Store.Sessions.DeleteUserSessionAsync(other.Id, Id("unknown"), None));

        AssertSession(othersSession, Assert.Single(await Store.Data.ReadSessionsAsync(other.Id, None)));
    }

    /// <summary>"Sign out everywhere" deletes every session of that user, expired ones too, and no one else's.</summary>
    [StoreFact]
    public async Task DeleteUserSessions_DeletesEveryOneOfThatUsersSessionsOnly()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        await CreateSessionAsync(user.Id, "1", Now.AddDays(1));
        await CreateSessionAsync(user.Id, "2", Now.AddDays(2));
        await CreateSessionAsync(user.Id, "expired", Now.AddDays(-1));
        var othersSession = await CreateSessionAsync(other.Id, "other", Now.AddDays(1));

        Assert.Equal(3, await Store.Sessions.DeleteUserSessionsAsync(user.Id, None));

        Assert.Empty(await Store.Data.ReadSessionsAsync(user.Id, None));
        AssertSession(othersSession, Assert.Single(await Store.Data.ReadSessionsAsync(other.Id, None)));
        Assert.Equal(0, await Store.Sessions.DeleteUserSessionsAsync(user.Id, None));
    }

    /// <summary>"Sign out everywhere else" keeps exactly the given session of that user and touches no one else's.</summary>
    [StoreFact]
    public async Task DeleteOtherUserSessions_KeepsExactlyTheGivenSession()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        await CreateSessionAsync(user.Id, "1", Now.AddDays(1));
        var current = await CreateSessionAsync(user.Id, "current", Now.AddDays(1));
        await CreateSessionAsync(user.Id, "3", Now.AddDays(3));
        var othersSession = await CreateSessionAsync(other.Id, "other", Now.AddDays(1));

        Assert.Equal(2, await Store.Sessions.DeleteOtherUserSessionsAsync(user.Id, current.Id, None));

        AssertSession(current, Assert.Single(await Store.Data.ReadSessionsAsync(user.Id, None)));
        AssertSession(othersSession, Assert.Single(await Store.Data.ReadSessionsAsync(other.Id, None)));
    }

    /// <summary>Keeping another user's session id does not protect any of this user's sessions, nor delete that one.</summary>
    [StoreFact]
    public async Task DeleteOtherUserSessions_KeepIdOfAnotherUser_DeletesAllOfThisUsersSessions()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        await CreateSessionAsync(user.Id, "1", Now.AddDays(1));
        var othersSession = await CreateSessionAsync(other.Id, "other", Now.AddDays(1));

        Assert.Equal(1, await Store.Sessions.DeleteOtherUserSessionsAsync(user.Id, othersSession.Id, None));

        Assert.Empty(await Store.Data.ReadSessionsAsync(user.Id, None));
        Assert.Single(await Store.Data.ReadSessionsAsync(other.Id, None));
    }

    /// <summary>
    /// The device list shows the user's sessions that are still active at <c>now</c> (one ending exactly then is not),
    /// latest expiry first, and no other user's.
    /// </summary>
    [StoreFact]
    public async Task ListUserSessions_MixedSessions_ReturnsOnlyThatUsersActiveOnesLatestExpiryFirst()
    {
        var user = await CreateUserAsync("user", Email("user"));
        var other = await CreateUserAsync("other", Email("other"));
        var soon = await CreateSessionAsync(user.Id, "soon", Now.AddMilliseconds(1));
        var later = await CreateSessionAsync(user.Id, "later", Now.AddDays(20));
        var middle = await CreateSessionAsync(user.Id, "middle", Now.AddDays(3));
        await CreateSessionAsync(user.Id, "ends-now", Now);
        await CreateSessionAsync(user.Id, "expired", Now.AddDays(-1));
        await CreateSessionAsync(other.Id, "other", Now.AddDays(5));

        var active = await Store.Sessions.ListUserSessionsAsync(user.Id, Now, None);

        Assert.Equal([later.Id, middle.Id, soon.Id], active.Select(s => s.Id));
        AssertSession(later, active[0]);
    }

    /// <summary>A user without active sessions has an empty device list.</summary>
    [StoreFact]
    public async Task ListUserSessions_NoActiveSessions_ReturnsEmpty()
    {
        var user = await CreateUserAsync("user", Email("user"));
        await CreateSessionAsync(user.Id, "expired", Now.AddSeconds(-1));

        Assert.Empty(await Store.Sessions.ListUserSessionsAsync(user.Id, Now, None));
        Assert.Empty(await Store.Sessions.ListUserSessionsAsync(Id("nobody"), Now, None));
    }

    // ---- verification tokens --------------------------------------------------------------------------------------

    /// <summary>A verification token is stored as given.</summary>
    [StoreFact]
    public async Task CreateVerificationToken_NewToken_StoresIt()
    {
        var token = Token("ada", "hash");

        await Store.VerificationTokens.CreateVerificationTokenAsync(token, None);

        Assert.Equal(token, Assert.Single(await Store.Data.ReadVerificationTokensAsync(token.Identifier, None)));
    }

    /// <summary>One identifier may have several tokens (several links requested).</summary>
    [StoreFact]
    public async Task CreateVerificationToken_SecondTokenForTheSameIdentifier_StoresBoth()
    {
        await Store.VerificationTokens.CreateVerificationTokenAsync(Token("ada", "first"), None);
        await Store.VerificationTokens.CreateVerificationTokenAsync(Token("ada", "second"), None);

        Assert.Equal(2, (await Store.Data.ReadVerificationTokensAsync(Email("ada"), None)).Count);
    }

    /// <summary>A token hash is unique, whatever the identifier.</summary>
    [StoreFact]
    public async Task CreateVerificationToken_DuplicateHash_ThrowsConflict()
    {
        await Store.VerificationTokens.CreateVerificationTokenAsync(Token("ada", "hash"), None);

        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.VerificationTokens.CreateVerificationTokenAsync(Token("ada", "hash"), None));
        await Assert.ThrowsAsync<SesameStoreConflictException>(
            () => Store.VerificationTokens.CreateVerificationTokenAsync(Token("bob", "hash"), None));

        Assert.Empty(await Store.Data.ReadVerificationTokensAsync(Email("bob"), None));
    }

    /// <summary>A token is returned by its first use, deleted, and not returned again.</summary>
    [StoreFact]
    public async Task UseVerificationToken_StoredToken_ReturnsItOnceThenNull()
    {
        var token = Token("ada", "hash");
        var kept = Token("ada", "other");
        await Store.VerificationTokens.CreateVerificationTokenAsync(token, None);
        await Store.VerificationTokens.CreateVerificationTokenAsync(kept, None);

        Assert.Equal(token, await Store.VerificationTokens.UseVerificationTokenAsync(token.Identifier, token.TokenHash, None));
        Assert.Null(await Store.VerificationTokens.UseVerificationTokenAsync(token.Identifier, token.TokenHash, None));

        Assert.Equal(kept, Assert.Single(await Store.Data.ReadVerificationTokensAsync(token.Identifier, None)));
    }

    /// <summary>A token presented with another identifier is not returned and stays usable.</summary>
    [StoreFact]
    public async Task UseVerificationToken_OtherIdentifier_ReturnsNullAndKeepsTheToken()
    {
        var token = Token("ada", "hash");
        await Store.VerificationTokens.CreateVerificationTokenAsync(token, None);

        Assert.Null(await Store.VerificationTokens.UseVerificationTokenAsync(Email("mallory"), token.TokenHash, None));

        Assert.Equal(token, Assert.Single(await Store.Data.ReadVerificationTokensAsync(token.Identifier, None)));
    }

    /// <summary>Without an identifier (a link without <c>email</c>) the token is matched by its hash alone.</summary>
    [StoreFact]
    public async Task UseVerificationToken_NoIdentifier_MatchesByHash()
    {
        var token = Token("ada", "hash");
        await Store.VerificationTokens.CreateVerificationTokenAsync(token, None);

        Assert.Equal(token, await Store.VerificationTokens.UseVerificationTokenAsync(null, token.TokenHash, None));

        Assert.Empty(await Store.Data.ReadVerificationTokensAsync(token.Identifier, None));
    }

    /// <summary>An expired token is returned (the caller rejects it) and deleted all the same.</summary>
    [StoreFact]
    public async Task UseVerificationToken_ExpiredToken_ReturnsAndDeletesIt()
    {
        var token = Token("ada", "hash") with { Expires = Now.AddDays(-1) };
        await Store.VerificationTokens.CreateVerificationTokenAsync(token, None);

        Assert.Equal(token, await Store.VerificationTokens.UseVerificationTokenAsync(token.Identifier, token.TokenHash, None));

        Assert.Empty(await Store.Data.ReadVerificationTokensAsync(token.Identifier, None));
    }

    /// <summary>An unknown token finds nothing.</summary>
    [StoreFact]
    public async Task UseVerificationToken_UnknownHash_ReturnsNull() =>
        Assert.Null(await Store.VerificationTokens.UseVerificationTokenAsync(Email("ada"), Key("unknown"), None));

    /// <summary>Of several concurrent uses of one token, through separate store instances, exactly one gets it.</summary>
    [StoreFact]
    public async Task UseVerificationToken_ConcurrentUses_ExactlyOneGetsTheToken()
    {
        var token = Token("ada", "hash");
        await Store.VerificationTokens.CreateVerificationTokenAsync(token, None);
        var stores = new List<StoreUnderTest>();
        for (var i = 0; i < 4; i++)
        {
            var store = await CreateStoreAsync();
            _stores.Add(store);
            stores.Add(store);
        }

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.VerificationTokens.UseVerificationTokenAsync(token.Identifier, token.TokenHash, None))));

        Assert.Equal(token, Assert.Single(results, r => r is not null));
        Assert.Empty(await Store.Data.ReadVerificationTokensAsync(token.Identifier, None));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private string Id(string name) => $"{name}-{_run}";

    private string Key(string name) => $"key-{name}-{_run}";

    private string Email(string name) => $"{name}-{_run}@example.com";

    private static SesameAccount Account(string userId, string provider, string providerAccountId) =>
        new() { UserId = userId, Type = "oauth", Provider = provider, ProviderAccountId = providerAccountId };

    private SesameVerificationToken Token(string name, string hash) =>
        new() { Identifier = Email(name), TokenHash = Key(hash), Expires = Now.AddDays(1) };

    private Task<SesameUser> CreateUserAsync(string name, string? email) =>
        Store.Users.CreateUserAsync(new SesameUser { Id = Id(name), Name = name, Email = email }, None);

    private Task<SesameSession> CreateSessionAsync(string userId, string name, DateTimeOffset expires) =>
        Store.Sessions.CreateSessionAsync(new SesameSession { Id = "", SessionKey = Key(name), UserId = userId, Expires = expires, CreatedAt = Now }, None);

    // Records compare Properties by reference, and the stores drop it; compare what a store keeps.
    private static void AssertUser(SesameUser expected, SesameUser? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.Id, expected.Name, expected.Email, expected.EmailVerified, expected.Image),
            (actual.Id, actual.Name, actual.Email, actual.EmailVerified, actual.Image));
    }

    private static void AssertSession(SesameSession expected, SesameSession? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual);
    }
}
