using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sesame.Tests.Endpoints;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

public sealed class DatabaseSessionStrategyTests
{
    private const string SessionCookie = "next-auth.session-token";

    [Fact]
    public async Task SignIn_StoresHashOfRandomTokenAndCreatesUserRow()
    {
        await using var db = await DatabaseApp.StartAsync();
        using var client = db.App.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = client.Cookies[SessionCookie];
        Assert.Equal(43, token.Length);
        var row = await db.QueryAsync(c => c.Sessions.SingleAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), row.SessionToken);
        Assert.NotEqual(token, row.SessionToken);
        Assert.Equal("u1", row.UserId);
        Assert.Equal(db.App.Time.GetUtcNow() + TimeSpan.FromDays(30), row.Expires);
        Assert.Equal(row.Expires.ToUnixTimeSeconds(), client.LastSetCookie(SessionCookie)!.Expires!.Value.ToUnixTimeSeconds());
        Assert.Equal("alice@example.com", (await db.QueryAsync(c => c.Users.SingleAsync())).Email);
        Assert.NotEqual(row.Id, token);
    }

    [Fact]
    public async Task SignIn_CompatibilityMode_StoresRawToken()
    {
        await using var db = await DatabaseApp.StartAsync(o => o.Session.HashSessionTokens = false);
        using var client = db.App.CreateClient();

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal(client.Cookies[SessionCookie], (await db.QueryAsync(c => c.Sessions.SingleAsync())).SessionToken);
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_ReadsUserFromDatabaseAndWritesOncePerUpdateAge()
    {
        await using var db = await DatabaseApp.StartAsync();
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var signedIn = await db.QueryAsync(c => c.Sessions.SingleAsync());

        db.App.Time.Advance(TimeSpan.FromHours(23));
        var early = (await client.GetSessionAsync())!;
        var earlyCookie = client.LastSetCookie(SessionCookie);
        var afterEarly = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync());

        db.App.Time.Advance(TimeSpan.FromHours(2));
        var due = db.App.Time.GetUtcNow();
        var late = (await client.GetSessionAsync())!;
        var lateCookie = client.LastSetCookie(SessionCookie);
        var afterLate = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync());

        db.App.Time.Advance(TimeSpan.FromMinutes(5));
        await client.GetSessionAsync();
        var afterAgain = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync());

        Assert.Equal("alice@example.com", early["user"]!["email"]!.GetValue<string>());
        Assert.Null(earlyCookie);
        Assert.Equal(signedIn.Expires, afterEarly.Expires);
        Assert.Equal(signedIn.LastSeenAt, afterEarly.LastSeenAt);
        Assert.Equal(due + TimeSpan.FromDays(30), afterLate.Expires);
        Assert.Equal(due, afterLate.LastSeenAt);
        Assert.Equal((due + TimeSpan.FromDays(30)).ToUnixTimeSeconds(), lateCookie!.Expires!.Value.ToUnixTimeSeconds());
        Assert.Equal(Iso(afterLate.Expires), late["expires"]!.GetValue<string>());
        Assert.Equal(afterLate.Expires, afterAgain.Expires);
        Assert.Equal(afterLate.LastSeenAt, afterAgain.LastSeenAt);
    }

    [Fact]
    public async Task Session_ExpiredRow_IsDeletedAndCookieCleared()
    {
        await using var db = await DatabaseApp.StartAsync(o => o.Session.MaxAge = TimeSpan.FromHours(1));
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        db.App.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var session = await client.GetSessionAsync();

        Assert.Equal("{}", session!.ToJsonString());
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
        Assert.Equal(0, await db.QueryAsync(c => c.Sessions.CountAsync()));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("oversized")]
    public async Task Session_UnknownOrMalformedToken_ReturnsEmptyAndClearsCookie(string kind)
    {
        await using var db = await DatabaseApp.StartAsync();
        using var client = db.App.CreateClient();
        client.SetCookie(SessionCookie, kind == "unknown" ? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" : new string('x', 2000));

        var session = await client.GetSessionAsync();

        Assert.Equal("{}", session!.ToJsonString());
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
    }

    [Fact]
    public async Task Revocation_OneAllAndOthers_TakeEffectOnTheNextRequest()
    {
        await using var db = await DatabaseApp.StartAsync();
        using var laptop = db.App.CreateClient();
        using var phone = db.App.CreateClient();
        using var tablet = db.App.CreateClient();
        await laptop.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await phone.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await tablet.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var sessions = await db.WithManagerAsync(m => m.ListSessionsAsync("u1", CancellationToken.None));
        var phoneRow = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync(s => s.SessionToken == Key(phone.Cookies[SessionCookie])));
        var laptopRow = await db.QueryAsync(c => c.Sessions.AsNoTracking().SingleAsync(s => s.SessionToken == Key(laptop.Cookies[SessionCookie])));

        Assert.Equal(3, sessions.Count);
        Assert.True(await db.WithManagerAsync(m => m.RevokeSessionAsync("u1", phoneRow.Id, CancellationToken.None)));
        Assert.Equal("{}", (await phone.GetSessionAsync())!.ToJsonString());
        Assert.False(await db.WithManagerAsync(m => m.RevokeSessionAsync("someone-else", laptopRow.Id, CancellationToken.None)));

        Assert.Equal(1, await db.WithManagerAsync(m => m.RevokeOtherSessionsAsync("u1", laptopRow.Id, CancellationToken.None)));
        Assert.Equal("{}", (await tablet.GetSessionAsync())!.ToJsonString());
        Assert.Equal("Alice", (await laptop.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());

        Assert.Equal(1, await db.WithManagerAsync(m => m.RevokeAllSessionsAsync("u1", CancellationToken.None)));
        Assert.Equal("{}", (await laptop.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task Revocation_ByToken_EndsThatSession()
    {
        await using var db = await DatabaseApp.StartAsync();
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.True(await db.WithManagerAsync(m => m.RevokeSessionByTokenAsync(client.Cookies[SessionCookie], CancellationToken.None)));
        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task DeletedUser_LosesTheSession()
    {
        await using var db = await DatabaseApp.StartAsync();
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        await db.QueryAsync(c => c.Users.Where(u => u.Id == "u1").ExecuteDeleteAsync());

        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task DeactivatedUser_SessionCallbackEndsSessionAndRowIsDeleted()
    {
        var deactivated = new HashSet<string>();
        await using var db = await DatabaseApp.StartAsync(o => o.Callbacks.OnSession = context =>
        {
            if (deactivated.Contains(context.User!.Id))
            {
                context.EndSession();
            }

            return Task.CompletedTask;
        });
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        deactivated.Add("u1");

        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
        Assert.Equal(0, await db.QueryAsync(c => c.Sessions.CountAsync()));
    }

    [Fact]
    public async Task SignOut_DeletesTheRow()
    {
        await using var db = await DatabaseApp.StartAsync();
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);

        Assert.Equal("http://localhost:3000", await CredentialsSignInTests.UrlOf(response));
        Assert.Equal(0, await db.QueryAsync(c => c.Sessions.CountAsync()));
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
    }

    [Fact]
    public async Task DatabaseDown_SessionFailsClosedWithoutWritingAndSignInIsRefused()
    {
        await using var db = await DatabaseApp.StartAsync();
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        SqliteConnection.ClearAllPools();
        File.Delete(db.DatabasePath);

        using var response = await client.GetAsync("/api/auth/session");
        using var signIn = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(client.LastSetCookies, c => c.Name.ToString().StartsWith(SessionCookie, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.True(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task DatabaseStrategy_WithoutStores_FailsAtStartUpWithAFix()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(o => o.Session.Strategy = Sesame.Sessions.SessionStrategy.Database));

        Assert.Contains("AddEntityFrameworkCoreStores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ReachesSessionCallbackWithNewSessionData()
    {
        JsonNode? seen = null;
        await using var db = await DatabaseApp.StartAsync(o => o.Callbacks.OnSession = context =>
        {
            if (context.Trigger == Sesame.Events.JwtTrigger.Update)
            {
                seen = JsonNode.Parse(context.NewSession!.Value.GetRawText());
            }

            return Task.CompletedTask;
        });
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["theme"] = "dark" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dark", seen!["theme"]!.GetValue<string>());
    }

    private static string Key(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
