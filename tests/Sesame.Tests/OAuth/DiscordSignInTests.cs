using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Providers.OAuth;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.OAuth;

/// <summary>The Discord preset against a local stand-in serving Discord's OAuth2 and API shapes.</summary>
public sealed class DiscordSignInTests(DiscordStandIn discord) : IClassFixture<DiscordStandIn>
{
    private Action<SesameBuilder> Discord(OAuthClientAuthentication authentication = OAuthClientAuthentication.ClientSecretBasic) => sesame => sesame.AddDiscord(o =>
    {
        o.ClientId = DiscordStandIn.ClientId;
        o.ClientSecret = DiscordStandIn.ClientSecret;
        o.ClientAuthentication = authentication;
        o.AuthorizationEndpoint = new Uri(discord.Origin, "/api/oauth2/authorize");
        o.TokenEndpoint = new Uri(discord.Origin, "/api/oauth2/token");
        o.UserEndpoint = new Uri(discord.Origin, "/api/users/@me");
    });

    [Fact]
    public async Task SignIn_JwtStrategy_SessionHasTheMappedProfile_AndTheRequestHasStateAndPkce()
    {
        discord.User = DiscordUser.Nelly;
        await using var app = await TestApp.StartAsync(extend: Discord());
        using var client = app.CreateClient();

        var authorization = await OAuthTestFlow.StartAsync(client, "discord");
        var query = QueryHelpers.ParseQuery(authorization.Query);
        using var callback = await FollowAsync(client, authorization);

        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        Assert.Equal(TestApp.Origin + "/api/auth/callback/discord", query["redirect_uri"].ToString());
        Assert.Equal("identify email", query["scope"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"].ToString()));
        Assert.Equal("basic", discord.LastClientAuthentication);
        var user = (await client.GetSessionAsync())!["user"]!;
        Assert.Equal(
            ("Nelly", "nelly@example.com", "https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png"),
            ((string?)user["name"], (string?)user["email"], (string?)user["image"]));
    }

    [Fact]
    public async Task SignIn_DatabaseStrategy_CreatesTheUserAndAccount_WithClientSecretPost()
    {
        discord.User = DiscordUser.Nelly with { Id = "80351110224678913", GlobalName = null, Avatar = "a_d5efa99b3eeaa7dd43acca82f5692432" };
        await using var db = await DatabaseApp.StartAsync(extend: Discord(OAuthClientAuthentication.ClientSecretPost));
        using var client = db.App.CreateClient();

        using var callback = await SignInAsync(client);

        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        Assert.Equal("post", discord.LastClientAuthentication);
        var user = (await client.GetSessionAsync())!["user"]!;
        // no display name: the username; an animated avatar: gif
        Assert.Equal(
            ("nelly", "nelly@example.com", "https://cdn.discordapp.com/avatars/80351110224678913/a_d5efa99b3eeaa7dd43acca82f5692432.gif"),
            ((string?)user["name"], (string?)user["email"], (string?)user["image"]));
        var stored = await db.QueryAsync(context => context.Users.SingleAsync());
        Assert.Equal(("nelly", "nelly@example.com"), (stored.Name, stored.Email));
        var account = await db.QueryAsync(context => context.Accounts.SingleAsync());
        Assert.Equal(("oauth", "discord", "80351110224678913", stored.Id), (account.Type, account.Provider, account.ProviderAccountId, account.UserId));
        Assert.Equal("bearer", account.TokenType?.ToLowerInvariant());
        Assert.False(string.IsNullOrEmpty(account.AccessToken));
        Assert.False(string.IsNullOrEmpty(account.RefreshToken));
    }

    [Theory]
    [InlineData("80351110224678912", "0", "https://cdn.discordapp.com/embed/avatars/5.png")]   // (id >> 22) % 6
    [InlineData("80351110224678912", "1337", "https://cdn.discordapp.com/embed/avatars/2.png")] // legacy: discriminator % 5
    public async Task SignIn_NoAvatar_IsTheDefaultAvatar(string id, string discriminator, string image)
    {
        discord.User = DiscordUser.Nelly with { Id = id, Avatar = null, Discriminator = discriminator };
        await using var app = await TestApp.StartAsync(extend: Discord());
        using var client = app.CreateClient();

        using var callback = await SignInAsync(client);

        Assert.Equal(image, (string?)(await client.GetSessionAsync())!["user"]!["image"]);
    }

    [Fact]
    public async Task Callback_AccessDeniedAtDiscord_IsCallback_WithNoSession()
    {
        discord.User = DiscordUser.Nelly;
        await using var app = await TestApp.StartAsync(extend: Discord());
        using var client = app.CreateClient();

        discord.Deny = true;
        try
        {
            using var callback = await SignInAsync(client);
            Assert.Equal("Callback", OAuthTestFlow.ErrorOf(callback));
        }
        finally
        {
            discord.Deny = false;
        }

        Assert.Equal("{}", (await client.GetSessionAsync())?.ToJsonString());
    }

    [Fact]
    public async Task Providers_ListsDiscordAsOAuth()
    {
        await using var app = await TestApp.StartAsync(extend: Discord());
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/providers");

        Assert.Equal(
            new JsonObject
            {
                ["id"] = "discord", ["name"] = "Discord", ["type"] = "oauth",
                ["signinUrl"] = TestApp.Origin + "/api/auth/signin/discord", ["callbackUrl"] = TestApp.Origin + "/api/auth/callback/discord",
            }.ToJsonString(),
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["discord"]!.ToJsonString());
    }

    [Fact]
    public async Task StartUp_WithoutClientId_StopsNamingTheSettingAndVariable()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(extend: sesame => sesame.AddDiscord(o => o.ClientSecret = "secret")));

        Assert.Contains("The Discord provider has no client id or secret", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AUTH_DISCORD_ID", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_ClientIdAndSecretFromConfiguration_TheAuthJsWay()
    {
        await using var app = await TestApp.StartAsync(extend: sesame =>
        {
            sesame.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AUTH_DISCORD_ID"] = "configured-id",
                ["AUTH_DISCORD_SECRET"] = "configured-secret",
            }).Build());
            sesame.AddDiscord(_ => { });
        });

        var options = app.Services.GetRequiredService<IOptionsMonitor<OAuthPresetOptions>>().Get("sesame-discord");

        Assert.Equal(("configured-id", "configured-secret"), (options.ClientId, options.ClientSecret));
        Assert.Equal(("https://discord.com/api/oauth2/authorize", "https://discord.com/api/oauth2/token", "https://discord.com/api/users/@me"),
            (options.AuthorizationEndpoint, options.TokenEndpoint, options.UserInformationEndpoint));
        Assert.True(options.UsePkce);
    }

    private static async Task<HttpResponseMessage> SignInAsync(SesameTestClient client) =>
        await FollowAsync(client, await OAuthTestFlow.StartAsync(client, "discord"));

    private static async Task<HttpResponseMessage> FollowAsync(SesameTestClient client, Uri authorization)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var redirect = await http.GetAsync(authorization);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return await OAuthTestFlow.CallbackAsync(client, redirect.Headers.Location!);
    }
}
