using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Sesame.Testing;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The local OpenID Connect provider does what the OAuth tests rely on, checked with hand-written relying-party
/// requests: discovery with RFC 9207's flag, PKCE required, the code in the query with <c>iss</c>, both client
/// authentication methods, the profile claims in the ID token, rotating refresh tokens counted at the provider, and
/// the token endpoint's slow, down and refusing modes.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class OidcProviderServerTests(OidcProviderServer provider) : IAsyncLifetime
{
    private const string RedirectUri = "http://localhost:3000/api/auth/callback/oidc";

    public Task InitializeAsync() => Requirements.SkipReason(Requirement.OidcProvider) is null ? provider.ResetAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    [RequiresFact(Requirement.OidcProvider)]
    public async Task Discovery_AnnouncesCodeFlowWithS256AndTheIssParameter()
    {
        using var http = new HttpClient();
        var discovery = JsonNode.Parse(await http.GetStringAsync(new Uri(provider.Issuer, "/.well-known/openid-configuration")))!;

        Assert.Equal(provider.IssuerString, (string?)discovery["issuer"]);
        Assert.True((bool?)discovery["authorization_response_iss_parameter_supported"]);
        Assert.Equal(["S256"], discovery["code_challenge_methods_supported"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("client_secret_post", discovery["token_endpoint_auth_methods_supported"]!.AsArray().Select(v => (string?)v));
    }

    [RequiresTheory(Requirement.OidcProvider)]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    public async Task CodeFlow_WithPkce_GivesIdTokenWithProfileClaimsAndRotatingRefreshToken(string authMethod)
    {
        var client = await provider.RegisterClientAsync([RedirectUri], authMethod);
        using var browser = new ProviderBrowser();
        var (state, nonce, verifier) = (RelyingPartyRequests.RandomValue(), RelyingPartyRequests.RandomValue(), RelyingPartyRequests.RandomValue());

        var callback = await browser.AuthorizeAsync(RelyingPartyRequests.AuthorizationUrl(new Uri(provider.Issuer, "/auth"), client.ClientId, RedirectUri, state, nonce, verifier), "alice");

        Assert.StartsWith(RedirectUri + "?", callback.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal(state, query["state"].ToString());
        Assert.Equal(provider.IssuerString, query["iss"].ToString());
        Assert.Equal(1, browser.LoginFormsShown);

        using var http = new HttpClient();
        var token = new Uri(provider.Issuer, "/token");
        var basic = authMethod == "client_secret_basic";
        var (status, body) = await RelyingPartyRequests.TokenAsync(http, token, client.ClientId, client.ClientSecret, basic, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        });
        Assert.Equal(200, status);
        var claims = RelyingPartyRequests.JwtPayload((string)body!["id_token"]!);
        Assert.Equal("alice-sub", (string?)claims["sub"]);
        Assert.Equal(nonce, (string?)claims["nonce"]);
        Assert.Equal(client.ClientId, (string?)claims["aud"]);
        Assert.Equal("Alice Liddell", (string?)claims["name"]);
        Assert.Equal("alice@example.com", (string?)claims["email"]);
        Assert.True((bool?)claims["email_verified"]);
        Assert.Equal("https://img.example/alice.png", (string?)claims["picture"]);
        var firstRefresh = (string)body["refresh_token"]!;

        var (refreshStatus, refreshed) = await RelyingPartyRequests.TokenAsync(http, token, client.ClientId, client.ClientSecret, basic, new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = firstRefresh,
        });
        Assert.Equal(200, refreshStatus);
        Assert.NotEqual(firstRefresh, (string?)refreshed!["refresh_token"]);

        // the rotated-out refresh token is spent
        var (reuseStatus, reused) = await RelyingPartyRequests.TokenAsync(http, token, client.ClientId, client.ClientSecret, basic, new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = firstRefresh,
        });
        Assert.Equal(400, reuseStatus);
        Assert.Equal("invalid_grant", (string?)reused!["error"]);
        Assert.Equal(new OidcProviderStats(3, 2, 1), await provider.GetStatsAsync());
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task Authorization_WithoutPkce_IsRefusedInTheRedirect()
    {
        var client = await provider.RegisterClientAsync([RedirectUri]);
        using var browser = new ProviderBrowser();
        var url = QueryHelpers.AddQueryString(new Uri(provider.Issuer, "/auth").ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = client.ClientId,
            ["scope"] = "openid",
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["state"] = "s",
        });

        var callback = await browser.AuthorizeAsync(new Uri(url));

        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("invalid_request", query["error"].ToString());
        Assert.Equal(0, browser.LoginFormsShown);
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task SecondAuthorization_FindsTheProviderSession_WithoutALoginForm()
    {
        var client = await provider.RegisterClientAsync([RedirectUri]);
        using var browser = new ProviderBrowser();
        var verifier = RelyingPartyRequests.RandomValue();
        var authorize = new Uri(provider.Issuer, "/auth");

        await browser.AuthorizeAsync(RelyingPartyRequests.AuthorizationUrl(authorize, client.ClientId, RedirectUri, "s1", "n1", verifier), "bob");
        var second = await browser.AuthorizeAsync(RelyingPartyRequests.AuthorizationUrl(authorize, client.ClientId, RedirectUri, "s2", "n2", verifier), "bob");

        Assert.Equal(1, browser.LoginFormsShown);
        Assert.Equal("s2", QueryHelpers.ParseQuery(second.Query)["state"].ToString());
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task TokenEndpoint_Modes_SlowDownUnavailableAndRefusedRefresh()
    {
        var client = await provider.RegisterClientAsync([RedirectUri]);
        var token = new Uri(provider.Issuer, "/token");
        var refresh = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "whatever" };

        await provider.SetTokenModeAsync("slow", TimeSpan.FromSeconds(5));
        using (var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) })
        {
            await Assert.ThrowsAsync<TaskCanceledException>(() => RelyingPartyRequests.TokenAsync(impatient, token, client.ClientId, client.ClientSecret, true, refresh));
        }

        using var http = new HttpClient();
        await provider.SetTokenModeAsync("down");
        await Assert.ThrowsAsync<HttpRequestException>(() => RelyingPartyRequests.TokenAsync(http, token, client.ClientId, client.ClientSecret, true, refresh));

        await provider.SetTokenModeAsync("unavailable");
        Assert.Equal(503, (await RelyingPartyRequests.TokenAsync(http, token, client.ClientId, client.ClientSecret, true, refresh)).Status);

        await provider.SetTokenModeAsync("refuse-refresh");
        var (status, body) = await RelyingPartyRequests.TokenAsync(http, token, client.ClientId, client.ClientSecret, true, refresh);
        Assert.Equal(400, status);
        Assert.Equal("invalid_grant", (string?)body!["error"]);
        Assert.Equal(4, (await provider.GetStatsAsync()).RefreshRequests);
        Assert.Contains("refresh_token grant 4", provider.Output, StringComparison.Ordinal);
    }
}
