using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.OAuth;

/// <summary>
/// Two providers for one person: a user signed in with the OpenID Connect provider links GitHub as a second account;
/// signing in later with either finds the same user.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class AccountLinkingTests(OidcProviderServer provider, GitHubStandIn github) : IClassFixture<GitHubStandIn>
{
    [RequiresFact(Requirement.OidcProvider)]
    public async Task SignedInUser_SignsInWithASecondProvider_TheAccountIsLinkedToThem()
    {
        var client = await provider.RegisterClientAsync([TestApp.Origin + "/api/auth/callback/oidc"]);
        await using var db = await DatabaseApp.StartAsync(extend: sesame => sesame
            .AddOpenIdConnect("oidc", o =>
            {
                o.Issuer = provider.Issuer;
                o.ClientId = client.ClientId;
                o.ClientSecret = client.ClientSecret;
            })
            .AddGitHub(o =>
            {
                o.ClientId = GitHubStandIn.ClientId;
                o.ClientSecret = GitHubStandIn.ClientSecret;
                o.AuthorizationEndpoint = new Uri(github.Origin, "/login/oauth/authorize");
                o.TokenEndpoint = new Uri(github.Origin, "/login/oauth/access_token");
                o.UserEndpoint = new Uri(github.Origin, "/user");
                o.EmailsEndpoint = new Uri(github.Origin, "/user/emails");
            }));
        using var browser = new ProviderBrowser();
        using var app = db.App.CreateClient();

        using var first = await OAuthTestFlow.SignInAsync(app, browser, "oidc", "alice");
        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        using var linked = await OAuthTestFlow.CallbackAsync(app, await browser.AuthorizeAsync(await OAuthTestFlow.StartAsync(app, "github"), "alice"));
        Assert.Null(OAuthTestFlow.ErrorOf(linked));

        var (users, accounts) = await db.QueryAsync(async context => (await context.Users.ToListAsync(), await context.Accounts.OrderBy(a => a.Provider).ToListAsync()));
        var user = Assert.Single(users);
        Assert.Equal([("github", user.Id), ("oidc", user.Id)], accounts.Select(a => (a.Provider, a.UserId)));

        // later, GitHub alone signs in as the same user
        using var later = db.App.CreateClient();
        using var viaGitHub = await OAuthTestFlow.CallbackAsync(later, await browser.AuthorizeAsync(await OAuthTestFlow.StartAsync(later, "github")));
        Assert.Equal(TestApp.Origin + "/dashboard", viaGitHub.Headers.Location?.ToString());
        Assert.Equal("alice@example.com", (string?)(await later.GetSessionAsync())!["user"]!["email"]);
        Assert.Single(await db.QueryAsync(context => context.Users.ToListAsync()));
    }
}
