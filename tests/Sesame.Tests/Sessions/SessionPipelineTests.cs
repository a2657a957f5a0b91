using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

/// <summary>The one session pipeline: sign-out that cannot end a session says so, and the lifetime rule is one type.</summary>
public sealed class SessionPipelineTests
{
    [Fact]
    public async Task SignOut_DatabaseRowCannotBeDeleted_ReportsFailureAndKeepsTheWorkingSession()
    {
        var memory = new InMemorySesameStore();
        var store = new FlakySessionStore(memory);
        await using var app = await TestApp.StartAsync(
            options => options.Session.Strategy = Sesame.Sessions.SessionStrategy.Database,
            extend: sesame =>
            {
                sesame.AddInMemoryStores(memory);
                sesame.Services.Replace(ServiceDescriptor.Singleton<ISessionStore>(store));
            });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        store.FailDeletes = true;
        using var failed = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        var stillSignedIn = await client.GetSessionAsync();
        store.FailDeletes = false;
        using var retried = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        var afterRetry = await client.GetSessionAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(TestApp.Origin + "/api/auth/error?error=Configuration", JsonNode.Parse(await failed.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
        Assert.False(failed.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("next-auth.session-token=;", StringComparison.Ordinal)));
        Assert.Equal("Alice", stillSignedIn!["user"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Empty(afterRetry!.AsObject());
    }

    [Fact]
    public async Task StoreDown_EveryReadFailsClosed_ButOnlyAFewErrorsPerWindowAreLogged()
    {
        // a store that is down fails every request: an Error with a stack trace each would flood the logs
        var memory = new InMemorySesameStore();
        var store = new FlakySessionStore(memory);
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(
            options => options.Session.Strategy = Sesame.Sessions.SessionStrategy.Database,
            extend: sesame =>
            {
                sesame.AddInMemoryStores(memory);
                sesame.Services.Replace(ServiceDescriptor.Singleton<ISessionStore>(store));
                sesame.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
            });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        store.FailReads = true;
        for (var i = 0; i < 20; i++)
        {
            Assert.Empty((await client.GetSessionAsync())!.AsObject());
        }

        int Count(int id, Microsoft.Extensions.Logging.LogLevel level) => logs.Entries.Count(e => e.EventId.Id == id && e.Level == level);
        Assert.Equal(5, Count(1016, Microsoft.Extensions.Logging.LogLevel.Error));
        // (the other 15 are logged at Debug, below the app's level here)

        app.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
        Assert.Equal(6, Count(1016, Microsoft.Extensions.Logging.LogLevel.Error));

        store.FailReads = false;
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(23 * 60, false)]
    [InlineData(24 * 60, true)]
    public void Decide_RefreshesOncePerUpdateAge(int minutesSinceRefresh, bool refresh)
    {
        var settings = new SesameSettings(Microsoft.Extensions.Options.Options.Create(new SesameOptions { Url = new Uri(TestApp.Origin), Secrets = { TestApp.Secret } }));
        var policy = new Sesame.Sessions.Pipeline.SessionLifetimePolicy(settings);
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var found = new Sesame.Sessions.Pipeline.FoundSession { Expires = now.AddDays(29), RefreshedAt = now.AddMinutes(-minutesSinceRefresh) };

        var decision = policy.Decide(found, now, forced: false);
        var forced = policy.Decide(found, now, forced: true);

        Assert.Equal(refresh, decision.Refresh);
        Assert.Equal(refresh ? now.AddDays(30) : found.Expires, decision.Expires);
        Assert.True(forced.Refresh);
        Assert.Equal(now.AddDays(30), forced.Expires);
    }

    /// <summary>A real store whose deletes can be made to fail, as a database that is down would.</summary>
    private sealed class FlakySessionStore(InMemorySesameStore inner) : ISessionStore
    {
        public volatile bool FailDeletes;
        public volatile bool FailReads;

        public Task<SesameSession> CreateSessionAsync(SesameSession session, CancellationToken cancellationToken) => inner.CreateSessionAsync(session, cancellationToken);

        public Task<SesameSessionAndUser?> GetSessionAndUserAsync(string sessionKey, CancellationToken cancellationToken) =>
            FailReads ? throw new InvalidOperationException("database is down") : inner.GetSessionAndUserAsync(sessionKey, cancellationToken);

        public Task<bool> UpdateSessionAsync(string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) => inner.UpdateSessionAsync(sessionKey, expires, lastSeenAt, cancellationToken);

        public Task<SesameSession?> DeleteSessionAsync(string sessionKey, CancellationToken cancellationToken) =>
            FailDeletes ? throw new InvalidOperationException("database is down") : inner.DeleteSessionAsync(sessionKey, cancellationToken);

        public Task<bool> DeleteUserSessionAsync(string userId, string sessionId, CancellationToken cancellationToken) => inner.DeleteUserSessionAsync(userId, sessionId, cancellationToken);

        public Task<int> DeleteUserSessionsAsync(string userId, CancellationToken cancellationToken) => inner.DeleteUserSessionsAsync(userId, cancellationToken);

        public Task<int> DeleteOtherUserSessionsAsync(string userId, string keepSessionId, CancellationToken cancellationToken) => inner.DeleteOtherUserSessionsAsync(userId, keepSessionId, cancellationToken);

        public Task<IReadOnlyList<SesameSession>> ListUserSessionsAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) => inner.ListUserSessionsAsync(userId, now, cancellationToken);
    }
}
