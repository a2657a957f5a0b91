using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Stores;

namespace Sesame.Tests.Tool;

/// <summary>
/// <c>sesame sessions list|revoke</c> end to end: a SQLite database made by the tool's own <c>db create</c>, sessions
/// written by the EF Core store as an app writes them, the tool run as a process, and the store read again.
/// </summary>
public sealed class SesameToolSessionsTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sesame-tool-sessions-{Guid.NewGuid():N}.db");
    private ServiceProvider? _services;

    private string Connection => $"Data Source={_file};Pooling=false";

    public async Task InitializeAsync()
    {
        var created = await SesameToolTests.SesameAsync("db", "create", "--connection", Connection);
        Assert.True(created.ExitCode == 0, created.ToString());

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddDbContext<SesameDbContext>(db => db.UseSqlite(Connection));
        services.AddSesame(_ => { }).AddEntityFrameworkCoreStores<SesameDbContext>();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        File.Delete(_file);
    }

    [Fact]
    public async Task SessionsList_UserWithTwoSessions_PrintsATableAndJson()
    {
        await CreateUserAsync("user_1");
        var phone = await CreateSessionAsync("user_1", "key-phone", "Phone/1.0", lastSeenMinutesAgo: 1);
        var laptop = await CreateSessionAsync("user_1", "key-laptop", "Laptop/2.0", lastSeenMinutesAgo: 30);

        var table = await SesameToolTests.SesameAsync("sessions", "list", "--user", "user_1", "--connection", Connection);
        var json = await SesameToolTests.SesameAsync("sessions", "list", "-u", "user_1", "-p", "sqlite", "-c", Connection, "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Contains("LAST SEEN", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(phone.Id, lines[1], StringComparison.Ordinal); // the most recently active first
        Assert.Contains("Phone/1.0", lines[1], StringComparison.Ordinal);
        Assert.Contains(" UTC", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(laptop.Id, lines[2], StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var array = JsonNode.Parse(json.StandardOutput)!.AsArray();
        Assert.Equal([phone.Id, laptop.Id], array.Select(s => (string?)s!["id"]));
        Assert.Equal("user_1", (string?)array[0]!["userId"]);
        Assert.NotNull(array[0]!["expires"]);
        Assert.DoesNotContain("key-phone", json.StandardOutput, StringComparison.Ordinal); // the key is what a cookie maps to
    }

    [Fact]
    public async Task SessionsRevoke_OneSession_RemovesItFromTheStoreAndLeavesTheOther()
    {
        await CreateUserAsync("user_2");
        var kept = await CreateSessionAsync("user_2", "key-kept", "Kept", lastSeenMinutesAgo: 1);
        var revoked = await CreateSessionAsync("user_2", "key-revoked", "Revoked", lastSeenMinutesAgo: 2);

        var result = await SesameToolTests.SesameAsync("sessions", "revoke", "--user", "user_2", "--session", revoked.Id, "--connection", Connection);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Revoked session {revoked.Id} of user user_2.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Null(await GetSessionAsync("key-revoked"));
        Assert.NotNull(await GetSessionAsync(kept.SessionKey));
    }

    [Fact]
    public async Task SessionsRevoke_All_RemovesEverySessionOfTheUserOnly()
    {
        await CreateUserAsync("user_3");
        await CreateUserAsync("someone_else");
        await CreateSessionAsync("user_3", "key-a", "A", lastSeenMinutesAgo: 1);
        await CreateSessionAsync("user_3", "key-b", "B", lastSeenMinutesAgo: 2);
        await CreateSessionAsync("someone_else", "key-c", "C", lastSeenMinutesAgo: 3);

        var result = await SesameToolTests.SesameAsync("sessions", "revoke", "--user", "user_3", "--all", "--connection", Connection);
        var listed = await SesameToolTests.SesameAsync("sessions", "list", "--user", "user_3", "--connection", Connection);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Revoked 2 sessions of user user_3.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Null(await GetSessionAsync("key-a"));
        Assert.Null(await GetSessionAsync("key-b"));
        Assert.NotNull(await GetSessionAsync("key-c"));
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("No active sessions.", listed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionsRevoke_UnknownSessionId_ExitsOneWithOneLine()
    {
        await CreateUserAsync("user_4");
        await CreateSessionAsync("user_4", "key-d", "D", lastSeenMinutesAgo: 1);

        var result = await SesameToolTests.SesameAsync("sessions", "revoke", "--user", "user_4", "--session", "no-such-id", "--connection", Connection);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        Assert.Equal("User 'user_4' has no session 'no-such-id' (list them with `sesame sessions list --user user_4`).", result.StandardError.Trim());
        Assert.NotNull(await GetSessionAsync("key-d"));
    }

    [Fact]
    public async Task SessionsList_UnknownUser_ExitsOne()
    {
        var result = await SesameToolTests.SesameAsync("sessions", "list", "--user", "nobody", "--connection", Connection);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("No user with id 'nobody' in the store.", result.StandardError.Trim());
    }

    [Fact]
    public async Task SessionsList_DatabaseThatCannotBeOpened_ExitsOneWithTheReason()
    {
        var result = await SesameToolTests.SesameAsync("sessions", "list", "--user", "u", "--connection", "Data Source=/nonexistent-dir/x.db");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Could not use the sqlite store: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("sessions", "revoke", "--user", "u")] // neither --session nor --all
    [InlineData("sessions", "revoke", "--user", "u", "--session", "s", "--all")] // both
    [InlineData("sessions", "list")] // no --user
    [InlineData("sessions", "list", "--user", "")]
    [InlineData("sessions", "list", "--user", "u", "--provider", "mongodb")]
    public async Task Sessions_BadArguments_ExitsTwoWithTheError(params string[] arguments)
    {
        var result = await SesameToolTests.SesameAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.StandardError);
    }

    private async Task CreateUserAsync(string id)
    {
        await using var scope = _services!.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IUserStore>().CreateUserAsync(new SesameUser { Id = id, Email = $"{id}@example.com" }, CancellationToken.None);
    }

    private Task<SesameSession> CreateSessionAsync(string userId, string key, string userAgent, int lastSeenMinutesAgo) =>
        CreateSessionAsync(_services!, userId, key, userAgent, lastSeenMinutesAgo);

    /// <summary>A session row as the app's sign-in writes it, through the app's own session store.</summary>
    internal static async Task<SesameSession> CreateSessionAsync(IServiceProvider services, string userId, string key, string userAgent, int lastSeenMinutesAgo)
    {
        var now = DateTimeOffset.UtcNow;
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionStore>().CreateSessionAsync(
            new SesameSession
            {
                Id = "",
                SessionKey = key,
                UserId = userId,
                Expires = now.AddDays(30),
                CreatedAt = now.AddHours(-1),
                LastSeenAt = now.AddMinutes(-lastSeenMinutesAgo),
                UserAgent = userAgent,
                IpAddress = "203.0.113.7",
            },
            CancellationToken.None);
    }

    private async Task<SesameSessionAndUser?> GetSessionAsync(string key)
    {
        await using var scope = _services!.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISessionStore>().GetSessionAndUserAsync(key, CancellationToken.None);
    }
}
