using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.OAuth;

/// <summary>
/// ID tokens and authorization responses that a real provider would never send, from <see cref="MisbehavingIssuer"/>:
/// each is refused with <c>OAuthCallback</c>, leaves no session and no 500; the same issuer behaving signs in.
/// </summary>
public sealed class IdTokenValidationTests(MisbehavingIssuer issuer) : IClassFixture<MisbehavingIssuer>
{
    private Task<TestApp> StartAppAsync() => TestApp.StartAsync(extend: sesame => sesame.AddOpenIdConnect("oidc", o =>
    {
        o.Issuer = issuer.Issuer;
        o.ClientId = MisbehavingIssuer.ClientId;
        o.ClientSecret = MisbehavingIssuer.ClientSecret;
        // the misbehaving issuer's claims are all in its ID token
        o.GetClaimsFromUserInfoEndpoint = false;
    }));

    [Fact]
    public async Task WellBehaved_SignsIn()
    {
        issuer.Fault = IssuerFault.None;
        await using var app = await StartAppAsync();
        using var client = app.CreateClient();

        using var callback = await SignInAsync(client);

        Assert.Equal(TestApp.Origin + "/dashboard", callback.Headers.Location?.ToString());
        Assert.Equal("mallory@example.com", (string?)(await client.GetSessionAsync())!["user"]!["email"]);
    }

    [Theory]
    [InlineData(IssuerFault.WrongAudience)]
    [InlineData(IssuerFault.WrongIssuer)]
    [InlineData(IssuerFault.Expired)]
    [InlineData(IssuerFault.UnknownKey)]
    [InlineData(IssuerFault.AlgNone)]
    [InlineData(IssuerFault.NonceMismatch)]
    [InlineData(IssuerFault.ForeignIssParameter)]
    [InlineData(IssuerFault.MissingIssParameter)]
    public async Task Fault_IsOAuthCallback_WithNoSession(IssuerFault fault)
    {
        issuer.Fault = fault;
        await using var app = await StartAppAsync();
        using var client = app.CreateClient();
        var tokenRequestsBefore = issuer.TokenRequests;

        using var callback = await SignInAsync(client);

        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", (await client.GetSessionAsync())?.ToJsonString());
        Assert.DoesNotContain("next-auth.session-token", client.Cookies.Keys);
        // a mixed-up authorization response is refused before its code is sent anywhere
        if (fault is IssuerFault.ForeignIssParameter or IssuerFault.MissingIssParameter)
        {
            Assert.Equal(tokenRequestsBefore, issuer.TokenRequests);
        }
    }

    private static async Task<HttpResponseMessage> SignInAsync(Sesame.Testing.SesameTestClient client)
    {
        var authorization = await OAuthTestFlow.StartAsync(client, "oidc");
        // the issuer answers the authorization at once with its redirect back
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var redirect = await http.GetAsync(authorization);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return await OAuthTestFlow.CallbackAsync(client, redirect.Headers.Location!);
    }
}
