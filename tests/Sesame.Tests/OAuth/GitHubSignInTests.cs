using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.OAuth;

/// <summary>The GitHub preset against a local stand-in serving GitHub's OAuth and API shapes.</summary>
public sealed class GitHubSignInTests(GitHubStandIn github) : IClassFixture<GitHubStandIn>
{
    private Action<SesameBuilder> GitHub => sesame => sesame.AddGitHub(o =>
    {
        o.ClientId = GitHubStandIn.ClientId;
        o.ClientSecret = GitHubStandIn.ClientSecret;
        o.AuthorizationEndpoint = new Uri(github.Origin, "/login/oauth/authorize");
        o.TokenEndpoint = new Uri(github.Origin, "/login/oauth/access_token");
        o.UserEndpoint = new Uri(github.Origin, "/user");
        o.EmailsEndpoint = new Uri(github.Origin, "/user/emails");
    });

    [Fact]
    public async Task SignIn_PrivateEmail_IsFetchedFromUserEmails_AndTheAccountIsLinked()
    {
        await using var db = await DatabaseApp.StartAsync(extend: GitHub);
        using var client = db.App.CreateClient();
        var emailRequests = github.EmailRequests;

        using var callback = await SignInAsync(client);

        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        var user = (await client.GetSessionAsync())!["user"]!;
        Assert.Equal(("The Octocat", "octocat-private@example.com", "https://avatars.githubusercontent.com/u/583231?v=4"), ((string?)user["name"], (string?)user["email"], (string?)user["image"]));
        Assert.Equal(emailRequests + 1, github.EmailRequests);
        var account = await db.QueryAsync(context => context.Accounts.SingleAsync());
        Assert.Equal(("oauth", "github", "583231", "bearer"), (account.Type, account.Provider, account.ProviderAccountId, account.TokenType));
        Assert.StartsWith("gho_", account.AccessToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_JwtStrategy_AndTheAuthorizationRequestHasStateAndPkce()
    {
        await using var app = await TestApp.StartAsync(extend: GitHub);
        using var client = app.CreateClient();

        var authorization = await OAuthTestFlow.StartAsync(client, "github");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorization.Query);
        using var callback = await FollowAsync(client, authorization);

        Assert.Equal(TestApp.Origin + "/api/auth/callback/github", query["redirect_uri"].ToString());
        Assert.Equal("read:user user:email", query["scope"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"].ToString()));
        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        Assert.Equal("octocat-private@example.com", (string?)(await client.GetSessionAsync())!["user"]!["email"]);
    }

    [Fact]
    public async Task SignIn_WrongClientSecret_IsOAuthCallback_WithNoSession()
    {
        await using var app = await TestApp.StartAsync(extend: sesame =>
        {
            GitHub(sesame);
            sesame.Services.PostConfigure<Sesame.Providers.OAuth.GitHubOAuthOptions>("sesame-github", o => o.ClientSecret = "wrong");
        });
        using var client = app.CreateClient();

        using var callback = await SignInAsync(client);

        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", (await client.GetSessionAsync())?.ToJsonString());
    }

    private static async Task<HttpResponseMessage> SignInAsync(Sesame.Testing.SesameTestClient client) =>
        await FollowAsync(client, await OAuthTestFlow.StartAsync(client, "github"));

    private static async Task<HttpResponseMessage> FollowAsync(Sesame.Testing.SesameTestClient client, Uri authorization)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var redirect = await http.GetAsync(authorization);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return await OAuthTestFlow.CallbackAsync(client, redirect.Headers.Location!);
    }
}
