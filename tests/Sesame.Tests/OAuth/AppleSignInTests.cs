using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Net.Http.Headers;
using Sesame.Providers.OAuth;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The Apple preset against a local stand-in of Sign in with Apple: the authorization answered by a cross-site form POST
/// (which carries only SameSite=None cookies), the client-secret JWT checked by the stand-in, the name from the
/// first-authorization <c>user</c> field.
/// </summary>
public sealed class AppleSignInTests(AppleStandIn apple) : IClassFixture<AppleStandIn>
{
    private Action<SesameBuilder> Apple(Action<AppleProviderOptions>? more = null) => sesame => sesame.AddApple(o =>
    {
        o.Issuer = apple.Issuer;
        o.ClientId = AppleStandIn.ClientId;
        o.TeamId = AppleStandIn.TeamId;
        o.KeyId = AppleStandIn.KeyId;
        o.PrivateKey = apple.PrivateKeyPem;
        more?.Invoke(o);
    });

    [Fact]
    public async Task SignIn_JwtStrategy_FirstAuthorization_NameFromTheUserField_EmailFromTheIdToken()
    {
        apple.User = AppleUser.Ada with { Sub = "first." + Guid.NewGuid().ToString("N") };
        await using var app = await StartAsync(Apple());
        using var client = app.CreateClient();

        var authorization = await OAuthTestFlow.StartAsync(client, "apple");
        var query = QueryHelpers.ParseQuery(authorization.Query);
        var (action, fields) = await AppleStandIn.AuthorizeAsync(authorization);
        using var callback = await client.PostFormCrossSiteAsync(action.PathAndQuery, fields, apple.Issuer);

        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        Assert.Equal(("form_post", "name email", "S256"), (query["response_mode"].ToString(), query["scope"].ToString(), query["code_challenge_method"].ToString()));
        Assert.Equal(TestApp.Origin + "/api/auth/callback/apple", action.ToString());
        Assert.False(string.IsNullOrEmpty(query["nonce"].ToString()));
        Assert.Contains(fields, field => field.Key == "user");
        Assert.Null(apple.LastRefusal);
        var user = (await client.GetSessionAsync())!["user"]!;
        Assert.Equal(("Ada Lovelace", "ada@privaterelay.appleid.com"), ((string?)user["name"], (string?)user["email"]));
        Assert.Null((string?)user["image"]);
    }

    [Fact]
    public async Task SignIn_ReturningUser_WithoutTheUserField_StillSignsIn()
    {
        apple.User = AppleUser.Ada with { Sub = "returning." + Guid.NewGuid().ToString("N"), VerifiedAsString = false };
        await using var app = await StartAsync(Apple());
        using (var first = app.CreateClient())
        {
            using var _ = await SignInAsync(first);
        }

        using var client = app.CreateClient();
        var (action, fields) = await AppleStandIn.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "apple"));
        using var callback = await client.PostFormCrossSiteAsync(action.PathAndQuery, fields, apple.Issuer);

        Assert.DoesNotContain(fields, field => field.Key == "user");
        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        var user = (await client.GetSessionAsync())!["user"]!;
        // JWT sessions keep no user between sign-ins: Apple's name came once
        Assert.Equal(((string?)null, "ada@privaterelay.appleid.com"), ((string?)user["name"], (string?)user["email"]));
    }

    [Fact]
    public async Task SignIn_DatabaseStrategy_CreatesUserAndAccount_AndTheReturningSignInKeepsTheName()
    {
        apple.User = AppleUser.Ada with { Sub = "db." + Guid.NewGuid().ToString("N") };
        await using var db = await DatabaseApp.StartAsync(extend: Apple());
        apple.Clock = db.App.Time;
        using (var first = db.App.CreateClient())
        {
            using var callback = await SignInAsync(first);
            Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        }

        using var client = db.App.CreateClient();
        using var again = await SignInAsync(client);

        Assert.Equal(TestApp.Origin + "/dashboard", again.Headers.Location?.ToString());
        Assert.Equal("Ada Lovelace", (string?)(await client.GetSessionAsync())!["user"]!["name"]);
        var stored = await db.QueryAsync(context => context.Users.SingleAsync());
        Assert.Equal(("Ada Lovelace", "ada@privaterelay.appleid.com", (string?)null), (stored.Name, stored.Email, stored.Image));
        var account = await db.QueryAsync(context => context.Accounts.SingleAsync());
        Assert.Equal(("oauth", "apple", apple.User.Sub, stored.Id), (account.Type, account.Provider, account.ProviderAccountId, account.UserId));
        Assert.False(string.IsNullOrEmpty(account.IdToken));
        Assert.False(string.IsNullOrEmpty(account.RefreshToken));
    }

    [Fact]
    public async Task CheckCookies_AreSameSiteNoneSecure_OnApplesCallbackPathOnly_OtherProvidersStayLax()
    {
        await using var app = await StartAsync(sesame =>
        {
            Apple()(sesame);
            sesame.AddOpenIdConnect("other", o => (o.Issuer, o.ClientId, o.ClientSecret) = (apple.Issuer, "other-client", "other-secret"));
        });
        using var client = app.CreateClient();

        _ = await OAuthTestFlow.StartAsync(client, "apple");
        var appleCookies = client.LastSetCookies.Where(IsCheckCookie).ToList();
        _ = await OAuthTestFlow.StartAsync(client, "other");
        var otherCookies = client.LastSetCookies.Where(IsCheckCookie).ToList();

        Assert.Equal(2, appleCookies.Count);   // correlation and nonce
        Assert.All(appleCookies, cookie =>
        {
            Assert.Equal(SameSiteMode.None, cookie.SameSite);
            Assert.True(cookie.Secure && cookie.HttpOnly);
            Assert.Equal("/api/auth/callback/apple", cookie.Path.ToString());
            Assert.Equal(TimeSpan.FromMinutes(15), cookie.MaxAge);
        });
        Assert.Equal(2, otherCookies.Count);
        Assert.All(otherCookies, cookie => Assert.Equal(SameSiteMode.Lax, cookie.SameSite));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("tampered")]
    [InlineData("other provider's")]
    public async Task Callback_StateNotApplesOwn_IsOAuthCallback_WithNoSession(string state)
    {
        apple.User = AppleUser.Ada with { Sub = "state." + Guid.NewGuid().ToString("N") };
        await using var app = await StartAsync(sesame =>
        {
            Apple()(sesame);
            sesame.AddOpenIdConnect("other", o => (o.Issuer, o.ClientId, o.ClientSecret) = (apple.Issuer, "other-client", "other-secret"));
        });
        using var client = app.CreateClient();
        var otherState = QueryHelpers.ParseQuery((await OAuthTestFlow.StartAsync(client, "other")).Query)["state"].ToString();
        var (action, fields) = await AppleStandIn.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "apple"));
        var own = fields.Single(field => field.Key == "state").Value;
        fields.RemoveAll(field => field.Key == "state");
        if (state != "missing")
        {
            fields.Add(new("state", state == "tampered" ? own[..^4] + (own[^4..] == "AAAA" ? "BBBB" : "AAAA") : otherState));
        }

        using var callback = await client.PostFormCrossSiteAsync(action.PathAndQuery, fields, apple.Issuer);

        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", (await client.GetSessionAsync())?.ToJsonString());
    }

    [Fact]
    public async Task Callback_WithoutTheCheckCookies_IsOAuthCallback_WithNoSession()
    {
        await using var app = await StartAsync(Apple());
        using var client = app.CreateClient();
        var (action, fields) = await AppleStandIn.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "apple"));

        // another browser (or one that dropped the cookies) posts this browser's answer
        using var elsewhere = app.CreateClient();
        using var callback = await elsewhere.PostFormCrossSiteAsync(action.PathAndQuery, fields, apple.Issuer);

        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", (await elsewhere.GetSessionAsync())?.ToJsonString());
    }

    [Fact]
    public async Task TokenRefresh_TheRefresherSendsASignedClientSecretToo()
    {
        apple.User = AppleUser.Ada with { Sub = "refresh." + Guid.NewGuid().ToString("N") };
        await using var db = await DatabaseApp.StartAsync(extend: Apple());
        apple.Clock = db.App.Time;
        using var client = db.App.CreateClient();
        using var _ = await SignInAsync(client);
        var account = await db.QueryAsync(context => context.Accounts.SingleAsync());

        var result = await db.App.Services.GetRequiredService<OAuthTokenRefresher>().RefreshAsync("apple", account.RefreshToken!);

        Assert.True(result.Succeeded, apple.LastRefusal);
        Assert.Null(apple.LastRefusal);
        Assert.Equal(AppleStandIn.TeamId, new JsonWebToken(apple.LastClientSecret).Issuer);
    }

    [Fact]
    public async Task Callback_UserCancelledAtApple_IsCallback_WithNoSession()
    {
        await using var app = await StartAsync(Apple());
        using var client = app.CreateClient();

        apple.Cancel = true;
        try
        {
            using var callback = await SignInAsync(client);
            Assert.Equal("Callback", OAuthTestFlow.ErrorOf(callback));
        }
        finally
        {
            apple.Cancel = false;
        }

        Assert.Equal("{}", (await client.GetSessionAsync())?.ToJsonString());
    }

    [Fact]
    public async Task ClientSecret_SignedWithAnotherKey_RefusedByApple_IsOAuthCallback()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await using var app = await StartAsync(Apple(o => o.PrivateKey = other.ExportPkcs8PrivateKeyPem()));
        using var client = app.CreateClient();

        using var callback = await SignInAsync(client);

        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.StartsWith("client secret: SecurityTokenInvalidSignature", apple.LastRefusal, StringComparison.Ordinal);
        Assert.Equal("{}", (await client.GetSessionAsync())?.ToJsonString());
    }

    [Fact]
    public async Task ClientSecret_ReadyMade_FromConfiguration_SignsIn_AndOnceExpired_IsOAuthCallback()
    {
        apple.User = AppleUser.Ada with { Sub = "ready." + Guid.NewGuid().ToString("N") };
        var issued = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var secret = await ReadyMadeSecretAsync(issued, TimeSpan.FromHours(1));
        await using var app = await StartAsync(sesame =>
        {
            sesame.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AUTH_APPLE_ID"] = AppleStandIn.ClientId,
                ["AUTH_APPLE_SECRET"] = secret,
            }).Build());
            sesame.AddApple(o => o.Issuer = apple.Issuer);
        });
        using (var client = app.CreateClient())
        {
            using var callback = await SignInAsync(client);
            Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
            Assert.Equal(secret, apple.LastClientSecret);
        }

        app.Time.Advance(TimeSpan.FromHours(2));
        using var later = app.CreateClient();
        using var refused = await SignInAsync(later);

        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(refused));
        Assert.Equal("client secret: expired", apple.LastRefusal);
        Assert.Equal("{}", (await later.GetSessionAsync())?.ToJsonString());
    }

    [Fact]
    public async Task ClientSecret_Signed_IsApplesShape_AndReusedUntilHalfItsLifetime()
    {
        await using var app = await StartAsync(Apple(o => o.ClientSecretLifetime = TimeSpan.FromMinutes(10)));
        var credentials = app.Services.GetRequiredService<AppleClientCredentials>();

        var first = await credentials.GetSecretAsync(CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(4));
        var reused = await credentials.GetSecretAsync(CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        var renewed = await credentials.GetSecretAsync(CancellationToken.None);

        var token = new JsonWebToken(first);
        Assert.Equal(("ES256", AppleStandIn.KeyId), (token.Alg, token.Kid));
        Assert.Equal((AppleStandIn.TeamId, AppleStandIn.ClientId, "https://appleid.apple.com"), (token.Issuer, token.Subject, token.Audiences.Single()));
        var iat = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal((iat, iat + 600), (token.GetPayloadValue<long>("iat"), token.GetPayloadValue<long>("exp")));
        Assert.False(token.TryGetPayloadValue<long>("nbf", out _));
        Assert.Equal(first, reused);
        Assert.NotEqual(first, renewed);
        Assert.Equal(iat + 360, new JsonWebToken(renewed).GetPayloadValue<long>("iat"));
    }

    [Fact]
    public async Task ClientSecret_KeyFromProvider_LoadedOnce_AndTheFlowWorks()
    {
        apple.User = AppleUser.Ada with { Sub = "provider." + Guid.NewGuid().ToString("N") };
        var loads = 0;
        await using var app = await StartAsync(Apple(o =>
        {
            o.PrivateKey = null;
            o.PrivateKeyProvider = (_, _) =>
            {
                Interlocked.Increment(ref loads);
                return Task.FromResult(apple.PrivateKeyPem.Replace("\n", "\\n", StringComparison.Ordinal));   // as a .env file holds it
            };
        }));
        using var client = app.CreateClient();

        using var callback = await SignInAsync(client);
        app.Time.Advance(TimeSpan.FromHours(1));
        _ = await app.Services.GetRequiredService<AppleClientCredentials>().GetSecretAsync(CancellationToken.None);

        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task Providers_ListsAppleAsOAuth_WithApplesEndpointsByDefault()
    {
        await using var app = await StartAsync(sesame => sesame.AddApple(o => (o.ClientId, o.TeamId, o.KeyId, o.PrivateKey) = (AppleStandIn.ClientId, AppleStandIn.TeamId, AppleStandIn.KeyId, apple.PrivateKeyPem)));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/providers");
        var options = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("sesame-apple");

        Assert.Equal(
            new JsonObject
            {
                ["id"] = "apple", ["name"] = "Apple", ["type"] = "oauth",
                ["signinUrl"] = TestApp.Origin + "/api/auth/signin/apple", ["callbackUrl"] = TestApp.Origin + "/api/auth/callback/apple",
            }.ToJsonString(),
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["apple"]!.ToJsonString());
        Assert.Equal(("https://appleid.apple.com", "form_post", false), (options.Authority, options.ResponseMode, options.GetClaimsFromUserInfoEndpoint));
        Assert.Null(options.ClientSecret);
    }

    [Theory]
    [InlineData("no client id", "The Apple provider has no client id", "AUTH_APPLE_ID")]
    [InlineData("no secret", "The Apple provider has no client secret", "AUTH_APPLE_PRIVATE_KEY")]
    [InlineData("both", "has both a ready-made client secret", "keep one")]
    [InlineData("bad key", "is not the PEM text of a Sign in with Apple key", "-----BEGIN PRIVATE KEY-----")]
    [InlineData("no team", "needs TeamId (or AUTH_APPLE_TEAM_ID)", "Membership")]
    [InlineData("expired secret", "expired at 2026-11-26 11:00:00Z", "generate a new one")]
    [InlineData("long lifetime", "ClientSecretLifetime", "six months")]
    public async Task StartUp_IncompleteCredentials_StopsWithAMessageThatSaysWhatToSet(string mistake, string message, string hint)
    {
        var expired = await ReadyMadeSecretAsync(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(Apple(o =>
        {
            switch (mistake)
            {
                case "no client id": o.ClientId = null; break;
                case "no secret": o.PrivateKey = null; break;
                case "both": o.ClientSecret = expired; break;
                case "bad key": o.PrivateKey = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----"; break;
                case "no team": o.TeamId = null; break;
                case "expired secret": (o.PrivateKey, o.ClientSecret) = (null, expired); break;
                case "long lifetime": o.ClientSecretLifetime = TimeSpan.FromDays(200); break;
            }
        })));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Contains(hint, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"ada@example.com"}""", "Ada Lovelace")]
    [InlineData("""{"name":{"firstName":"Ada"}}""", "Ada")]
    [InlineData("""{"name":{"firstName":" ","lastName":"Lovelace"}}""", "Lovelace")]
    [InlineData("""{"email":"ada@example.com"}""", null)]
    [InlineData("""{"name":"Ada"}""", null)]
    [InlineData("not json", null)]
    [InlineData("", null)]
    public void UserField_Name_IsFirstAndLastName_AndAnythingElseIsNoName(string user, string? name) =>
        Assert.Equal(name, AppleProfile.NameOf(user));

    private async Task<TestApp> StartAsync(Action<SesameBuilder> extend)
    {
        var app = await TestApp.StartAsync(extend: extend);
        apple.Clock = app.Time;
        // the options resolve (and stop start-up) on first use
        _ = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("sesame-apple");
        return app;
    }

    private async Task<HttpResponseMessage> SignInAsync(SesameTestClient client)
    {
        var (action, fields) = await AppleStandIn.AuthorizeAsync(await OAuthTestFlow.StartAsync(client, "apple"));
        return await client.PostFormCrossSiteAsync(action.PathAndQuery, fields, apple.Issuer);
    }

    /// <summary>A client secret signed as a developer signs one by hand, with the stand-in's team key.</summary>
    private async Task<string> ReadyMadeSecretAsync(DateTimeOffset issued, TimeSpan lifetime)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(issued);
        using var services = new ServiceCollection().BuildServiceProvider();
        using var credentials = AppleClientCredentials.Create(
            new AppleProviderOptions { ClientId = AppleStandIn.ClientId, TeamId = AppleStandIn.TeamId, KeyId = AppleStandIn.KeyId, PrivateKey = apple.PrivateKeyPem, ClientSecretLifetime = lifetime },
            configuration: null, time, services);
        return await credentials.GetSecretAsync(CancellationToken.None);
    }

    private static bool IsCheckCookie(SetCookieHeaderValue cookie) =>
        cookie.Name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) || cookie.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal);
}
