using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.OAuth;

/// <summary>
/// <c>AddRemoteProvider</c>: a remote handler the app configures itself (ASP.NET Core's plain
/// <see cref="OAuthHandler{TOptions}"/>, against the GitHub stand-in) signs in through Sesame: Sesame's callback path,
/// the user and account rows, the listing.
/// </summary>
public sealed class RemoteProviderTests(GitHubStandIn github) : IClassFixture<GitHubStandIn>
{
    private Action<SesameBuilder> Remote => sesame => sesame.AddRemoteProvider<OAuthHandler<OAuthOptions>, OAuthOptions>("standin", "Stand-in", o =>
    {
        o.ClientId = GitHubStandIn.ClientId;
        o.ClientSecret = GitHubStandIn.ClientSecret;
        o.AuthorizationEndpoint = new Uri(github.Origin, "/login/oauth/authorize").ToString();
        o.TokenEndpoint = new Uri(github.Origin, "/login/oauth/access_token").ToString();
        o.UserInformationEndpoint = new Uri(github.Origin, "/user").ToString();
        o.ClaimActions.MapJsonKey("sub", "id");
        o.ClaimActions.MapJsonKey("name", "name");
        o.ClaimActions.MapJsonKey("picture", "avatar_url");
        // a callback path of the app's own is replaced by next-auth's
        o.CallbackPath = "/signin-standin";
        o.Events.OnCreatingTicket = async context =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
            request.Headers.UserAgent.ParseAdd("sesame-tests");
            using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
            using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
            context.RunClaimActions(user.RootElement);
        };
    });

    [Fact]
    public async Task SignIn_AnyRemoteHandler_SignsInThroughSesame_WithUserAndAccountRows()
    {
        await using var db = await DatabaseApp.StartAsync(extend: Remote);
        using var client = db.App.CreateClient();

        var authorization = await OAuthTestFlow.StartAsync(client, "standin");
        // next-auth's callback path, not the app's own; the host is the request's (a generic handler builds redirect_uri
        // itself, unlike the presets, which use the public URL)
        Assert.Equal("/api/auth/callback/standin",
            new Uri(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorization.Query)["redirect_uri"].ToString()).AbsolutePath);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var redirect = await http.GetAsync(authorization);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        using var callback = await OAuthTestFlow.CallbackAsync(client, redirect.Headers.Location!);

        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        Assert.Equal("The Octocat", (string?)(await client.GetSessionAsync())!["user"]!["name"]);
        var account = await db.QueryAsync(context => context.Accounts.SingleAsync());
        Assert.Equal(("oauth", "standin", "583231"), (account.Type, account.Provider, account.ProviderAccountId));
        using var providers = await client.GetAsync("/api/auth/providers");
        Assert.Equal("Stand-in", (string?)System.Text.Json.Nodes.JsonNode.Parse(await providers.Content.ReadAsStringAsync())!["standin"]!["name"]);
    }
}
