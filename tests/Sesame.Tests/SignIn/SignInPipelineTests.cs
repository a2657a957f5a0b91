using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Events;
using Sesame.Providers;
using Sesame.Sessions;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.SignIn;

/// <summary>
/// The one sign-in path: the Sesame scheme's SignInAsync/SignOutAsync (as an app or a remote OAuth handler calls them),
/// users and accounts found, linked or created in a real SQLite database, and concurrent first sign-ins.
/// </summary>
public sealed class SignInPipelineTests : IAsyncLifetime
{
    private const string ExternalProvider = "test-oauth";
    private const string OtherProvider = "other-oauth";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"sesame-signin-{Guid.NewGuid():N}.db");
    private readonly List<string> _events = [];
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            options =>
            {
                options.Session.Strategy = SessionStrategy.Database;
                options.Pages.NewUser = "/welcome";
                options.Providers.Add(new ExternalTestProvider(ExternalProvider));
                options.Providers.Add(new ExternalTestProvider(OtherProvider));
                options.Callbacks.OnSignIn = context =>
                {
                    if (context.User.Email == "blocked@example.com")
                    {
                        context.Deny();
                    }

                    return Task.CompletedTask;
                };
                options.Events.OnCreateUser = context => Record($"createUser:{context.User.Email}");
                options.Events.OnLinkAccount = context => Record($"linkAccount:{context.Account.Provider}:{context.Account.ProviderAccountId}->{context.User.Id}");
                options.Events.OnSignIn = context => Record($"signIn:{context.Account.Provider}:{context.IsNewUser}");
            },
            extend: sesame =>
            {
                sesame.Services.AddDbContextPool<SesameDbContext>(db => db.UseSqlite($"Data Source={_database}"));
                sesame.AddEntityFrameworkCoreStores<SesameDbContext>();
            },
            map: app =>
            {
                // What a remote handler (OAuth, OpenID Connect) does once the provider answered: sign in to the Sesame scheme.
                app.MapPost("/test/external", async (HttpContext http, string provider, string sub, string? email, bool? verified) =>
                {
                    var identity = new ClaimsIdentity(provider);
                    identity.AddClaim(new Claim("sub", sub));
                    identity.AddClaim(new Claim("name", "Ext " + sub));
                    if (email is not null)
                    {
                        identity.AddClaim(new Claim("email", email));
                    }

                    identity.AddClaim(new Claim("email_verified", verified == true ? "true" : "false"));
                    var properties = new AuthenticationProperties { RedirectUri = "/after" };
                    properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = "at-" + sub }, new AuthenticationToken { Name = "expires_at", Value = "2026-11-26T13:00:00.0000000+00:00" }]);
                    await http.SignInAsync(SesameDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
                    var result = http.GetSesameSignInResult()!;
                    return Results.Json(new { result.Succeeded, Error = result.Error?.ToString(), result.RedirectUrl, result.IsNewUser, UserId = result.User?.Id });
                });
                // An app signing in a user it checked itself, ASP.NET Core style.
                app.MapPost("/test/app", async (HttpContext http, string id) =>
                {
                    var identity = new ClaimsIdentity("app-login");
                    identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, id));
                    identity.AddClaim(new Claim(ClaimTypes.Name, "App " + id));
                    identity.AddClaim(new Claim(ClaimTypes.Email, id + "@app.example"));
                    await http.SignInAsync(SesameDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                    return Results.Json(new { http.GetSesameSignInResult()!.Succeeded });
                });
                app.MapPost("/test/signout", async (HttpContext http) =>
                {
                    await http.SignOutAsync(SesameDefaults.AuthenticationScheme);
                    return Results.Ok();
                });
            },
            initialize: async services =>
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
            });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Fact]
    public async Task SignInAsync_FirstExternalAccount_CreatesUserLinksAccountAndSendsNewUserToNewUserPage()
    {
        using var client = _app.CreateClient();

        var result = await ExternalAsync(client, ExternalProvider, "first-1", "first@example.com");
        var session = await client.GetSessionAsync();

        Assert.True(result["succeeded"]!.GetValue<bool>());
        Assert.True(result["isNewUser"]!.GetValue<bool>());
        Assert.Equal("/welcome?callbackUrl=" + Uri.EscapeDataString(TestApp.Origin + "/after"), result["redirectUrl"]!.GetValue<string>());
        Assert.Equal("first@example.com", session!["user"]!["email"]!.GetValue<string>());
        var userId = result["userId"]!.GetValue<string>();
        Assert.NotEqual("first-1", userId);
        var account = await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameAccountEntity>().SingleAsync(a => a.ProviderAccountId == "first-1"));
        Assert.Equal(userId, account.UserId);
        Assert.Equal("at-first-1", account.AccessToken);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), account.ExpiresAt);
        Assert.Contains("createUser:first@example.com", Events());
        Assert.Contains($"linkAccount:{ExternalProvider}:first-1->{userId}", Events());
        Assert.Contains($"signIn:{ExternalProvider}:True", Events());
    }

    [Fact]
    public async Task SignInAsync_ReturningExternalAccount_FindsItsUserAndGoesToTheCallbackUrl()
    {
        using var first = _app.CreateClient();
        using var again = _app.CreateClient();

        var created = await ExternalAsync(first, ExternalProvider, "back-1", "back@example.com");
        var returning = await ExternalAsync(again, ExternalProvider, "back-1", "back@example.com");

        Assert.Equal(created["userId"]!.GetValue<string>(), returning["userId"]!.GetValue<string>());
        Assert.False(returning["isNewUser"]!.GetValue<bool>());
        Assert.Equal(TestApp.Origin + "/after", returning["redirectUrl"]!.GetValue<string>());
        Assert.Equal(1, await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameUserEntity>().CountAsync(u => u.Email == "back@example.com")));
    }

    [Fact]
    public async Task SignInAsync_EmailOfAnotherUserNotVerified_IsOAuthAccountNotLinkedAndIssuesNoSession()
    {
        using var owner = _app.CreateClient();
        using var intruder = _app.CreateClient();
        await ExternalAsync(owner, ExternalProvider, "owner-1", "owned@example.com");

        var refused = await ExternalAsync(intruder, OtherProvider, "intruder-1", "owned@example.com", verified: false);

        Assert.False(refused["succeeded"]!.GetValue<bool>());
        Assert.Equal("OAuthAccountNotLinked", refused["error"]!.GetValue<string>());
        Assert.Equal(TestApp.Origin + "/api/auth/error?error=OAuthAccountNotLinked", refused["redirectUrl"]!.GetValue<string>());
        Assert.False(intruder.Cookies.ContainsKey("next-auth.session-token"));
        Assert.Equal(0, await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameAccountEntity>().CountAsync(a => a.ProviderAccountId == "intruder-1")));
    }

    [Fact]
    public async Task SignInAsync_SignedInUserWithSecondProvider_LinksItToTheSameUser()
    {
        using var client = _app.CreateClient();
        var first = await ExternalAsync(client, ExternalProvider, "multi-1", "multi@example.com");

        var second = await ExternalAsync(client, OtherProvider, "multi-gh", "someone-else@example.com");

        var userId = first["userId"]!.GetValue<string>();
        Assert.Equal(userId, second["userId"]!.GetValue<string>());
        Assert.False(second["isNewUser"]!.GetValue<bool>());
        Assert.Equal(2, await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameAccountEntity>().CountAsync(a => a.UserId == userId)));
    }

    [Fact]
    public async Task SignInAsync_AccountOfAnotherUserWhileSignedIn_IsRefusedAndNeverMoved()
    {
        using var owner = _app.CreateClient();
        using var other = _app.CreateClient();
        var owned = await ExternalAsync(owner, ExternalProvider, "kept-1", "kept@example.com");
        await ExternalAsync(other, ExternalProvider, "kept-2", "kept2@example.com");

        var refused = await ExternalAsync(other, ExternalProvider, "kept-1", "kept@example.com");

        Assert.Equal("OAuthAccountNotLinked", refused["error"]!.GetValue<string>());
        var account = await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameAccountEntity>().SingleAsync(a => a.ProviderAccountId == "kept-1"));
        Assert.Equal(owned["userId"]!.GetValue<string>(), account.UserId);
    }

    [Fact]
    public async Task SignInAsync_SignInCallbackDenies_IsAccessDeniedWithoutUserOrSession()
    {
        using var client = _app.CreateClient();

        var refused = await ExternalAsync(client, ExternalProvider, "blocked-1", "blocked@example.com");

        Assert.Equal("AccessDenied", refused["error"]!.GetValue<string>());
        Assert.False(client.Cookies.ContainsKey("next-auth.session-token"));
        Assert.Equal(0, await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameUserEntity>().CountAsync(u => u.Email == "blocked@example.com")));
    }

    [Fact]
    public async Task SignInAsync_TenConcurrentFirstSignInsOfOneExternalAccount_OneUserOneAccountAllSignedIn()
    {
        var clients = Enumerable.Range(0, 10).Select(_ => _app.CreateClient()).ToArray();

        var results = await Task.WhenAll(clients.Select(client => ExternalAsync(client, ExternalProvider, "race-1", "race@example.com")));

        Assert.All(results, result => Assert.True(result["succeeded"]!.GetValue<bool>(), result.ToJsonString()));
        Assert.Single(results.Select(result => result["userId"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameUserEntity>().CountAsync(u => u.Email == "race@example.com")));
        Assert.Equal(1, await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameAccountEntity>().CountAsync(a => a.ProviderAccountId == "race-1")));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task CredentialsSignIn_TenConcurrentFirstSignInsOfOneUser_OneUserRowAndTenSessions()
    {
        var clients = Enumerable.Range(0, 10).Select(_ => _app.CreateClient()).ToArray();
        await Task.WhenAll(clients.Select(client => client.GetCsrfTokenAsync()));

        var responses = await Task.WhenAll(clients.Select(client => client.SignInWithCredentialsAsync(TestUsers.Form("alice"))));

        var bodies = await Task.WhenAll(responses.Select(response => response.Content.ReadAsStringAsync()));
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.All(bodies, body => Assert.Equal(TestApp.Origin, JsonNode.Parse(body)!["url"]!.GetValue<string>()));
        Assert.All(clients, client => Assert.True(client.Cookies.ContainsKey("next-auth.session-token")));
        Assert.Equal(1, await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameUserEntity>().CountAsync(u => u.Id == TestUsers.Alice.Id)));
        Assert.True(await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameSessionEntity>().CountAsync(s => s.UserId == TestUsers.Alice.Id)) >= 10);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task SignInAsync_AppPrincipal_IssuesASessionForThatUserAndSignOutAsyncEndsIt()
    {
        using var client = _app.CreateClient();

        using var signIn = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/test/app?id=app-7"));
        var session = await client.GetSessionAsync();
        var rows = await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameSessionEntity>().CountAsync(s => s.UserId == "app-7"));
        using var signOut = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/test/signout"));
        var after = await client.GetSessionAsync();
        var rowsAfter = await QueryAsync(db => db.Set<Sesame.EntityFrameworkCore.Entities.SesameSessionEntity>().CountAsync(s => s.UserId == "app-7"));

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("App app-7", session!["user"]!["name"]!.GetValue<string>());
        Assert.Equal("app-7@app.example", session["user"]!["email"]!.GetValue<string>());
        Assert.Equal(1, rows);
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Empty(after!.AsObject());
        Assert.Equal(0, rowsAfter);
    }

    [Fact]
    public async Task SignIn_WithASessionAlreadyPresented_EndsThePresentedSession()
    {
        using var client = _app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var planted = client.Cookies["next-auth.session-token"];

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        using var stale = _app.CreateClient();
        stale.SetCookie("next-auth.session-token", planted);
        var staleSession = await stale.GetSessionAsync();

        Assert.NotEqual(planted, client.Cookies["next-auth.session-token"]);
        Assert.Empty(staleSession!.AsObject());
    }

    private async Task<JsonNode> ExternalAsync(SesameTestClient client, string provider, string sub, string? email, bool verified = true)
    {
        var query = $"/test/external?provider={provider}&sub={Uri.EscapeDataString(sub)}&verified={(verified ? "true" : "false")}" + (email is null ? "" : "&email=" + Uri.EscapeDataString(email));
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<T> QueryAsync<T>(Func<SesameDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SesameDbContext>());
    }

    private Task Record(string entry)
    {
        lock (_events)
        {
            _events.Add(entry);
        }

        return Task.CompletedTask;
    }

    private string[] Events()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    /// <summary>An OAuth provider as the sign-in pipeline sees one: its id, name and kind (its remote handler is the test endpoint).</summary>
    private sealed class ExternalTestProvider(string id) : ISesameProvider
    {
        public string Id => id;

        public string Name => id;

        public ProviderType Type => ProviderType.OAuth;
    }
}
