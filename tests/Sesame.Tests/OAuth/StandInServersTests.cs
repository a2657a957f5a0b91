using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The misbehaving issuer and the GitHub stand-in answer as the negative and GitHub tests assume, checked with
/// hand-written relying-party requests.
/// </summary>
public sealed class StandInServersTests : IClassFixture<MisbehavingIssuer>, IClassFixture<GitHubStandIn>
{
    private const string RedirectUri = "http://localhost:3000/api/auth/callback/test";
    private readonly MisbehavingIssuer _issuer;
    private readonly GitHubStandIn _github;

    public StandInServersTests(MisbehavingIssuer issuer, GitHubStandIn github)
    {
        (_issuer, _github) = (issuer, github);
        _issuer.Fault = IssuerFault.None;
    }

    [Theory]
    [InlineData(IssuerFault.None)]
    [InlineData(IssuerFault.WrongAudience)]
    [InlineData(IssuerFault.WrongIssuer)]
    [InlineData(IssuerFault.Expired)]
    [InlineData(IssuerFault.UnknownKey)]
    [InlineData(IssuerFault.AlgNone)]
    [InlineData(IssuerFault.NonceMismatch)]
    [InlineData(IssuerFault.ForeignIssParameter)]
    [InlineData(IssuerFault.MissingIssParameter)]
    public async Task MisbehavingIssuer_Fault_IsInTheAnswer(IssuerFault fault)
    {
        _issuer.Fault = fault;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var verifier = RelyingPartyRequests.RandomValue();
        var authorize = RelyingPartyRequests.AuthorizationUrl(new Uri(_issuer.Issuer, "/authorize"), MisbehavingIssuer.ClientId, RedirectUri, "st", "the-nonce", verifier);

        using var redirect = await http.GetAsync(authorize);
        var query = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query);
        var (status, body) = await RelyingPartyRequests.TokenAsync(http, new Uri(_issuer.Issuer, "/token"), MisbehavingIssuer.ClientId, MisbehavingIssuer.ClientSecret, basic: true, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        });

        Assert.Equal(200, status);
        var idToken = (string)body!["id_token"]!;
        var header = JsonNode.Parse(WebEncoders.Base64UrlDecode(idToken.Split('.')[0]))!;
        var claims = RelyingPartyRequests.JwtPayload(idToken);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(fault == IssuerFault.ForeignIssParameter ? "http://127.0.0.1:1" : fault == IssuerFault.MissingIssParameter ? "" : _issuer.IssuerString, query.GetValueOrDefault("iss").ToString());
        Assert.Equal(fault == IssuerFault.WrongAudience ? "another-client" : MisbehavingIssuer.ClientId, (string?)claims["aud"]);
        Assert.Equal(fault == IssuerFault.WrongIssuer ? "http://127.0.0.1:2" : _issuer.IssuerString, (string?)claims["iss"]);
        Assert.Equal(fault == IssuerFault.Expired, (long)claims["exp"]! < now);
        Assert.Equal(fault == IssuerFault.NonceMismatch ? "not-the-nonce" : "the-nonce", (string?)claims["nonce"]);
        Assert.Equal(fault == IssuerFault.AlgNone ? "none" : "RS256", (string?)header["alg"]);
        Assert.Equal(fault == IssuerFault.AlgNone ? null : fault == IssuerFault.UnknownKey ? "unknown-key" : (string?)JsonNode.Parse(await http.GetStringAsync(new Uri(_issuer.Issuer, "/jwks")))!["keys"]![0]!["kid"], (string?)header["kid"]);
    }

    [Fact]
    public async Task MisbehavingIssuer_WrongVerifierOrClientSecret_IsRefused()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var token = new Uri(_issuer.Issuer, "/token");
        async Task<string> CodeAsync()
        {
            using var redirect = await http.GetAsync(RelyingPartyRequests.AuthorizationUrl(new Uri(_issuer.Issuer, "/authorize"), MisbehavingIssuer.ClientId, RedirectUri, "st", "n", "right-verifier"));
            return QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"].ToString();
        }

        var wrongVerifier = await RelyingPartyRequests.TokenAsync(http, token, MisbehavingIssuer.ClientId, MisbehavingIssuer.ClientSecret, basic: false, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = await CodeAsync(), ["redirect_uri"] = RedirectUri, ["code_verifier"] = "another-verifier",
        });
        var wrongSecret = await RelyingPartyRequests.TokenAsync(http, token, MisbehavingIssuer.ClientId, "guess", basic: true, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = await CodeAsync(), ["redirect_uri"] = RedirectUri, ["code_verifier"] = "right-verifier",
        });

        Assert.Equal((400, "invalid_grant"), (wrongVerifier.Status, (string?)wrongVerifier.Body!["error"]));
        Assert.Equal((401, "invalid_client"), (wrongSecret.Status, (string?)wrongSecret.Body!["error"]));
    }

    [Fact]
    public async Task GitHubStandIn_PrivateEmail_IsOnlyInUserEmails()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var authorize = QueryHelpers.AddQueryString(new Uri(_github.Origin, "/login/oauth/authorize").ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = GitHubStandIn.ClientId, ["redirect_uri"] = RedirectUri, ["state"] = "st", ["scope"] = "read:user user:email",
        });
        using var redirect = await http.GetAsync(authorize);
        var query = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query);
        Assert.Equal("st", query["state"].ToString());

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(_github.Origin, "/login/oauth/access_token"))
        {
            Content = new FormUrlEncodedContent([new("client_id", GitHubStandIn.ClientId), new("client_secret", GitHubStandIn.ClientSecret), new("code", query["code"].ToString()), new("redirect_uri", RedirectUri)]),
        };
        tokenRequest.Headers.Accept.ParseAdd("application/json");
        using var tokenResponse = await http.SendAsync(tokenRequest);
        var token = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!;
        Assert.Equal("bearer", (string?)token["token_type"]);

        async Task<(HttpStatusCode, JsonNode?)> ApiAsync(string path, bool userAgent = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_github.Origin, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["access_token"]!);
            if (userAgent)
            {
                request.Headers.UserAgent.ParseAdd("sesame-tests");
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text) : null);
        }

        var (userStatus, user) = await ApiAsync("/user");
        var (_, emails) = await ApiAsync("/user/emails");
        var (noAgentStatus, _) = await ApiAsync("/user", userAgent: false);

        Assert.Equal(HttpStatusCode.OK, userStatus);
        Assert.Equal(583231, (long)user!["id"]!);
        Assert.Null(user["email"]);
        var primary = emails!.AsArray().Single(e => (bool)e!["primary"]!)!;
        Assert.Equal("octocat-private@example.com", (string?)primary["email"]);
        Assert.Equal("private", (string?)primary["visibility"]);
        Assert.Equal(HttpStatusCode.Forbidden, noAgentStatus);
    }
}
