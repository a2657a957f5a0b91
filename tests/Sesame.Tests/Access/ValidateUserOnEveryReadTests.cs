using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.Access;

/// <summary>
/// <c>Access.ValidateUserOnEveryRead</c>: a deactivated user's session stops reading everywhere within the cache bound,
/// its cookie is cleared and its row deleted; an active user's reads cost one lookup per bound; a failing validator fails
/// closed without ending anything.
/// </summary>
public sealed class ValidateUserOnEveryReadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private sealed class Directory
    {
        public HashSet<string> Inactive { get; } = [];

        public int Lookups;

        public bool Throw { get; set; }

        public Task<bool> IsActiveAsync(string userId)
        {
            Interlocked.Increment(ref Lookups);
            return Throw ? throw new InvalidOperationException("user database down") : Task.FromResult(!Inactive.Contains(userId));
        }
    }

    private static Action<SesameOptions> Configure(Directory users) => options =>
    {
        options.Access.ValidateUser = context => users.IsActiveAsync(context.UserId);
        options.Access.ValidateUserOnEveryRead = true;
        options.Access.ValidatedUserCacheDuration = Bound;
    };

    [Fact]
    public async Task Jwt_UserDeactivated_SessionEndsWithinTheBoundEverywhere()
    {
        var users = new Directory();
        await using var app = await TestApp.StartAsync(Configure(users));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());

        users.Inactive.Add("u1");
        // within the bound the memoised answer stands
        app.Time.Advance(Bound - TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());

        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
        Assert.False(client.Cookies.ContainsKey("next-auth.session-token"));
    }

    [Fact]
    public async Task Jwt_DeactivatedUser_OldCookieRefusedByAppEndpointsToo()
    {
        var users = new Directory();
        await using var app = await TestApp.StartAsync(Configure(users));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var stolen = client.Cookies["next-auth.session-token"];
        users.Inactive.Add("u1");
        app.Time.Advance(Bound);

        using var copy = app.CreateClient();
        copy.SetCookie("next-auth.session-token", stolen);
        using var me = await copy.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task ActiveUser_OneLookupPerBound()
    {
        var users = new Directory();
        await using var app = await TestApp.StartAsync(Configure(users));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var before = users.Lookups;

        for (var i = 0; i < 10; i++)
        {
            Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        }

        Assert.Equal(1, users.Lookups - before);
        app.Time.Advance(Bound);
        await client.GetSessionAsync();
        Assert.Equal(2, users.Lookups - before);
    }

    [Fact]
    public async Task ValidatorThrows_NoSessionForThatRequestButNothingEnds()
    {
        var users = new Directory();
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(Configure(users), extend: b => b.Services.AddSingleton<ILoggerProvider>(logs));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        app.Time.Advance(Bound);

        users.Throw = true;
        using var response = await client.GetAsync("/api/auth/session");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.True(client.Cookies.ContainsKey("next-auth.session-token"));
        Assert.Equal(LogLevel.Error, Assert.Single(logs.Entries, e => e.EventId.Id == 2008).Level);

        users.Throw = false;
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Database_UserDeactivated_RowDeletedAndCookieCleared()
    {
        var users = new Directory();
        await using var db = await DatabaseApp.StartAsync(Configure(users));
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        Assert.Equal(1, await db.QueryAsync(c => c.Sessions.CountAsync()));

        users.Inactive.Add("u1");
        db.App.Time.Advance(Bound);

        Assert.Empty((await client.GetSessionAsync())!.AsObject());
        Assert.Equal(0, await db.QueryAsync(c => c.Sessions.CountAsync()));
        Assert.False(client.Cookies.ContainsKey("next-auth.session-token"));
    }

    [Fact]
    public async Task ZeroBound_AsksOnEveryRead()
    {
        var users = new Directory();
        await using var app = await TestApp.StartAsync(o => { Configure(users)(o); o.Access.ValidatedUserCacheDuration = TimeSpan.Zero; });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var before = users.Lookups;

        users.Inactive.Add("u1");

        Assert.Empty((await client.GetSessionAsync())!.AsObject());
        Assert.Equal(1, users.Lookups - before);
    }

    [Fact]
    public async Task StartUp_OnEveryReadWithoutValidator_FailsWithHowToFix()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o => o.Access.ValidateUserOnEveryRead = true));

        Assert.Contains("Access.ValidateUser is not set", failure.Message, StringComparison.Ordinal);
    }
}
