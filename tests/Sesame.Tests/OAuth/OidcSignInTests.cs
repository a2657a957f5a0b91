using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Providers.OAuth;
using Sesame.Stores;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The generic OpenID Connect provider end to end against the real local provider (oidc-provider): the whole redirect
/// flow with a cookie-aware client, in both session strategies; failures end on the error page with next-auth's codes
/// and leave no session.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class OidcSignInTests(OidcProviderServer provider) : IAsyncLifetime
{
    private const string RedirectUri = TestApp.Origin + "/api/auth/callback/oidc";

    public Task InitializeAsync() => Requirements.SkipReason(Requirement.OidcProvider) is null ? provider.ResetAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Action<SesameBuilder>> OidcAsync(string authMethod = "client_secret_basic", Action<OpenIdConnectProviderOptions>? configure = null)
    {
        var client = await provider.RegisterClientAsync([RedirectUri], authMethod);
        return sesame => sesame.AddOpenIdConnect("oidc", o =>
        {
            o.Issuer = provider.Issuer;
            o.ClientId = client.ClientId;
            o.ClientSecret = client.ClientSecret;
            o.ClientAuthentication = authMethod == "client_secret_post" ? OAuthClientAuthentication.ClientSecretPost : OAuthClientAuthentication.ClientSecretBasic;
            configure?.Invoke(o);
        });
    }

    [RequiresTheory(Requirement.OidcProvider)]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    public async Task SignIn_JwtStrategy_SessionHasTheProvidersNameEmailAndPicture(string authMethod)
    {
        await using var app = await TestApp.StartAsync(extend: await OidcAsync(authMethod));
        using var client = app.CreateClient();
        using var browser = new ProviderBrowser();

        using var callback = await OAuthTestFlow.SignInAsync(client, browser, "oidc", "alice", "/dashboard");

        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        var session = (await client.GetSessionAsync())!;
        Assert.Equal(
            new JsonObject { ["name"] = "Alice Liddell", ["email"] = "alice@example.com", ["image"] = "https://img.example/alice.png" }.ToJsonString(),
            session["user"]!.ToJsonString());
        // the correlation and nonce cookies were used up
        Assert.DoesNotContain(client.Cookies.Keys, name => name.StartsWith(".AspNetCore.Correlation", StringComparison.Ordinal) || name.StartsWith(".AspNetCore.OpenIdConnect.Nonce", StringComparison.Ordinal));
        Assert.Equal(1, (await provider.GetStatsAsync()).CodeRequests);
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task SignIn_DatabaseStrategy_CreatesUserAndAccountWithTokens_AndAReturningUserIsTheSameUser()
    {
        await using var db = await DatabaseApp.StartAsync(extend: await OidcAsync());
        using var browser = new ProviderBrowser();

        using (var client = db.App.CreateClient())
        {
            using var first = await OAuthTestFlow.SignInAsync(client, browser, "oidc", "alice");
            Assert.Equal(TestApp.Origin + "/dashboard", first.Headers.Location?.ToString());
            Assert.Equal("alice@example.com", (string?)(await client.GetSessionAsync())!["user"]!["email"]);
        }

        var (users, accounts) = await db.QueryAsync(async context => (await context.Users.ToListAsync(), await context.Accounts.ToListAsync()));
        var user = Assert.Single(users);
        Assert.Equal(("Alice Liddell", "alice@example.com", "https://img.example/alice.png"), (user.Name, user.Email, user.Image));
        var account = Assert.Single(accounts);
        Assert.Equal((user.Id, "oauth", "oidc", "alice-sub"), (account.UserId, account.Type, account.Provider, account.ProviderAccountId));
        Assert.False(string.IsNullOrEmpty(account.AccessToken));
        Assert.False(string.IsNullOrEmpty(account.RefreshToken));
        Assert.Equal(3, account.IdToken?.Split('.').Length);
        Assert.Equal("bearer", account.TokenType);
        Assert.Equal(db.App.Time.GetUtcNow().ToUnixTimeSeconds() + 3600, account.ExpiresAt!.Value, tolerance: 5);

        // a returning user (the provider remembers them: no login form) signs in as the same user, with no new rows
        using (var again = db.App.CreateClient())
        {
            using var second = await OAuthTestFlow.SignInAsync(again, browser, "oidc", "alice");
            Assert.Equal(HttpStatusCode.Found, second.StatusCode);
            Assert.NotNull((await again.GetSessionAsync())!["user"]);
        }

        Assert.Equal(1, browser.LoginFormsShown);
        Assert.Equal((1, 1, 2), await db.QueryAsync(async context => (await context.Users.CountAsync(), await context.Accounts.CountAsync(), await context.Sessions.CountAsync())));
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task SignIn_NoPictureClaim_JwtWithoutDatabase_SessionLeavesImageOut_DatabaseSessionHasImageNull()
    {
        // next-auth 4.24.15: the profile's image is undefined, which the JWT (and so the session) leaves out; a user row
        // read back from an adapter has image null (see NextAuthOAuthInteropTests for the JWT side against next-auth)
        await using (var app = await TestApp.StartAsync(extend: await OidcAsync()))
        {
            using var client = app.CreateClient();
            using var browser = new ProviderBrowser();
            using var callback = await OAuthTestFlow.SignInAsync(client, browser, "oidc", "carol");
            Assert.Equal(
                new JsonObject { ["name"] = "Carol Danvers", ["email"] = "carol@example.com" }.ToJsonString(),
                (await client.GetSessionAsync())!["user"]!.ToJsonString());
        }

        await using var db = await DatabaseApp.StartAsync(extend: await OidcAsync());
        using (var client = db.App.CreateClient())
        {
            using var browser = new ProviderBrowser();
            using var callback = await OAuthTestFlow.SignInAsync(client, browser, "oidc", "carol");
            Assert.Equal(
                new JsonObject { ["name"] = "Carol Danvers", ["email"] = "carol@example.com", ["image"] = null }.ToJsonString(),
                (await client.GetSessionAsync())!["user"]!.ToJsonString());
        }
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task SignIn_EmailOfAnotherUser_IsOAuthAccountNotLinked_WithNoSession()
    {
        await using var db = await DatabaseApp.StartAsync(extend: await OidcAsync());
        await using (var scope = db.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IUserStore>().CreateUserAsync(new SesameUser { Id = "", Email = "alice@example.com", Name = "Earlier Alice" }, CancellationToken.None);
        }

        using var client = db.App.CreateClient();
        using var browser = new ProviderBrowser();
        using var callback = await OAuthTestFlow.SignInAsync(client, browser, "oidc", "alice");

        Assert.Equal("OAuthAccountNotLinked", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", JsonValueKind(await client.GetSessionAsync()));
        Assert.Equal(0, await db.QueryAsync(context => context.Accounts.CountAsync()));
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task Start_WithoutJsonMode_RedirectsToTheAuthorizationEndpoint_WithPkceStateNonceAndQueryMode()
    {
        await using var app = await TestApp.StartAsync(extend: await OidcAsync());
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var start = await client.PostFormAsync("/api/auth/signin/oidc?login_hint=alice%40example.com", [new("csrfToken", csrf), new("callbackUrl", "/dashboard")]);

        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        var location = start.Headers.Location!;
        Assert.Equal(provider.IssuerString + "/auth", location.GetLeftPart(UriPartial.Path));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(RedirectUri, query["redirect_uri"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        // the code comes back in the query: the default response mode of `code`, which the handler then leaves unsaid
        Assert.Equal("query", query.GetValueOrDefault("response_mode", "query").ToString());
        Assert.Equal("openid email profile", query["scope"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal("alice@example.com", query["login_hint"].ToString());
        Assert.All(new[] { "state", "nonce", "code_challenge" }, name => Assert.False(string.IsNullOrEmpty(query[name].ToString())));
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task Providers_ListsTheProviderAsOAuth()
    {
        await using var app = await TestApp.StartAsync(extend: await OidcAsync());
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/providers");
        var oidc = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["oidc"]!;

        Assert.Equal(
            new JsonObject
            {
                ["id"] = "oidc", ["name"] = "OpenID Connect", ["type"] = "oauth",
                ["signinUrl"] = TestApp.Origin + "/api/auth/signin/oidc", ["callbackUrl"] = TestApp.Origin + "/api/auth/callback/oidc",
            }.ToJsonString(),
            oidc.ToJsonString());
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task Callback_AccessDeniedAtTheProvider_IsCallback_WithNoSession()
    {
        await using var app = await TestApp.StartAsync(extend: await OidcAsync());
        using var client = app.CreateClient();
        using var browser = new ProviderBrowser();

        // the provider's login form refuses an unknown user with error=access_denied
        using var callback = await OAuthTestFlow.SignInAsync(client, browser, "oidc", "nobody");

        Assert.Equal("Callback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", JsonValueKind(await client.GetSessionAsync()));
    }

    [RequiresTheory(Requirement.OidcProvider)]
    [InlineData("missing")]
    [InlineData("wrong")]
    [InlineData("replayed")]
    [InlineData("no-correlation-cookie")]
    [InlineData("other-attempt")]
    public async Task Callback_BadState_IsOAuthCallback_WithNoSession(string fault)
    {
        await using var app = await TestApp.StartAsync(extend: await OidcAsync());
        using var client = app.CreateClient();
        using var browser = new ProviderBrowser();
        var first = await browser.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "oidc"), "alice");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(first.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

        switch (fault)
        {
            case "missing":
                query.Remove("state");
                break;
            case "wrong":
                query["state"] = "AAAA" + query["state"]![4..];
                break;
            case "replayed":
                using (var ok = await OAuthTestFlow.CallbackAsync(client, first))
                {
                    Assert.Equal(HttpStatusCode.Found, ok.StatusCode);
                    Assert.Null(OAuthTestFlow.ErrorOf(ok));
                }

                // signed out, the same redirect again: its correlation cookie was used up
                client.RemoveCookie("next-auth.session-token");
                break;
            case "no-correlation-cookie":
                foreach (var name in client.Cookies.Keys.Where(n => n.StartsWith(".AspNetCore.Correlation", StringComparison.Ordinal)).ToList())
                {
                    client.RemoveCookie(name);
                }

                break;
            case "other-attempt":
                // the code of this attempt with the state (and so the PKCE verifier) of another attempt
                var second = await browser.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "oidc"), "alice");
                query["state"] = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(second.Query)["state"].ToString();
                break;
        }

        var tampered = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(first.GetLeftPart(UriPartial.Path), query);
        using var callback = await OAuthTestFlow.CallbackAsync(client, new Uri(tampered));

        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", JsonValueKind(await client.GetSessionAsync()));
    }

    [RequiresTheory(Requirement.OidcProvider)]
    [InlineData("down")]
    [InlineData("unavailable")]
    [InlineData("slow")]
    public async Task Callback_TokenEndpointDownOrSlow_IsOAuthCallback_WithNoSession(string mode)
    {
        await using var app = await TestApp.StartAsync(extend: await OidcAsync(configure: o => o.BackchannelTimeout = TimeSpan.FromSeconds(1)));
        using var client = app.CreateClient();
        using var browser = new ProviderBrowser();
        var callbackUrl = await browser.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "oidc"), "alice");

        await provider.SetTokenModeAsync(mode, TimeSpan.FromSeconds(4));
        using var callback = await OAuthTestFlow.CallbackAsync(client, callbackUrl);

        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", JsonValueKind(await client.GetSessionAsync()));
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task Start_IssuerUnreachable_IsOAuthSignin()
    {
        await using var app = await TestApp.StartAsync(extend: sesame => sesame.AddOpenIdConnect("oidc", o =>
        {
            o.Issuer = new Uri($"http://127.0.0.1:{Interop.NextAuthReferenceServer.FreePort()}");
            o.ClientId = "x";
            o.BackchannelTimeout = TimeSpan.FromSeconds(2);
        }));
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var start = await client.PostFormAsync("/api/auth/signin/oidc", [new("csrfToken", csrf), new("callbackUrl", "/dashboard")]);

        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        Assert.Equal("OAuthSignin", OAuthTestFlow.ErrorOf(start));
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task CheckValues_PastedIntoTheSessionCookie_AreNoSession_AndASessionIsNoState()
    {
        await using var app = await TestApp.StartAsync(extend: await OidcAsync());
        using var client = app.CreateClient();
        using var browser = new ProviderBrowser();
        var authorization = await OAuthTestFlow.StartAsync(client, "oidc");
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorization.Query)["state"].ToString();
        // the handler's nonce cookie carries the protected nonce in its name
        var nonceCookie = client.Cookies.Keys.First(name => name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal));

        foreach (var pasted in new[] { state, nonceCookie[".AspNetCore.OpenIdConnect.Nonce.".Length..] })
        {
            client.SetCookie("next-auth.session-token", pasted);
            Assert.Equal("{}", JsonValueKind(await client.GetSessionAsync()));
        }

        // and the other way round: a real session token is no state
        using var signedIn = await OAuthTestFlow.CallbackAsync(client, await browser.AuthorizeAsync(authorization, "alice"));
        var sessionToken = client.Cookies["next-auth.session-token"];
        var next = await browser.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "oidc"), "alice");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(next.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query["state"] = sessionToken;
        client.RemoveCookie("next-auth.session-token");
        using var callback = await OAuthTestFlow.CallbackAsync(client, new Uri(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(next.GetLeftPart(UriPartial.Path), query)));
        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", JsonValueKind(await client.GetSessionAsync()));
    }

    private static string JsonValueKind(JsonNode? session) => session?.ToJsonString() ?? "null";
}
