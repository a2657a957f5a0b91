using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.OAuth;

namespace Sesame.Tests.Interop;

/// <summary>
/// next-auth 4.24.15's own OAuth flow (its request handler, <c>benchmarks/nextauth-reference/server.mjs</c>, with the
/// generic OpenID Connect provider <c>oidc</c>) against the local OpenID Connect provider, driven like a browser, and
/// Sesame's generic provider configured alike against the same provider: the same person gets sessions of the same shape.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class NextAuthOAuthInteropTests(OidcProviderServer provider)
{
    private const string Secret = "r8Qm1xkV0o3bZf7yN2pL9sT4wC6aE5dH1jK8uG0iB3M=";

    [RequiresFact(Requirement.OidcProvider)]
    public async Task NextAuth_OidcSignIn_GivesASessionWithTheProvidersNameEmailAndPicture()
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        await using var nextAuth = await StartNextAuthAsync();
        using var client = new SesameTestClient(nextAuth.Origin);
        using var browser = new ProviderBrowser();

        var session = await SignInAsync(client, browser, "alice", "/welcome", nextAuth.Origin);

        Assert.Equal(["user", "expires"], session.AsObject().Select(p => p.Key));
        Assert.Equal(
            new JsonObject { ["name"] = "Alice Liddell", ["email"] = "alice@example.com", ["image"] = "https://img.example/alice.png" }.ToJsonString(),
            session["user"]!.ToJsonString());
    }

    [RequiresTheory(Requirement.OidcProvider)]
    [InlineData("alice")]
    [InlineData("bob")]
    [InlineData("carol")]
    public async Task SameShape_NextAuthAndSesame_OidcSignInOfTheSamePerson(string username)
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        await using var nextAuth = await StartNextAuthAsync();
        var registered = await provider.RegisterClientAsync([TestApp.Origin + "/api/auth/callback/oidc"]);
        await using var sesame = await TestApp.StartAsync(
            options => options.Secrets[0] = Secret,
            builder => builder.AddOpenIdConnect("oidc", o =>
            {
                o.Issuer = provider.Issuer;
                o.ClientId = registered.ClientId;
                o.ClientSecret = registered.ClientSecret;
            }));
        using var nextAuthClient = new SesameTestClient(nextAuth.Origin);
        using var sesameClient = sesame.CreateClient();
        using var nextAuthBrowser = new ProviderBrowser();
        using var sesameBrowser = new ProviderBrowser();

        var fromNextAuth = await SignInAsync(nextAuthClient, nextAuthBrowser, username, "/welcome", nextAuth.Origin);
        var fromSesame = await SignInAsync(sesameClient, sesameBrowser, username, "/welcome", new Uri(TestApp.Origin));

        // the same keys in the same order, the same user; expires differs only by when each was issued
        Assert.Equal(fromNextAuth.AsObject().Select(p => p.Key), fromSesame.AsObject().Select(p => p.Key));
        Assert.Equal(fromNextAuth["user"]!.ToJsonString(), fromSesame["user"]!.ToJsonString());
        Assert.True(DateTimeOffset.TryParse((string?)fromSesame["expires"], out _));
    }

    /// <summary>
    /// Signs in through <c>POST /signin/oidc</c> (JSON mode, as next-auth/react does), the provider's login and the
    /// callback; asserts the redirect to <paramref name="callbackPath"/> and returns <c>GET /session</c>.
    /// </summary>
    internal static async Task<JsonNode> SignInAsync(SesameTestClient client, ProviderBrowser browser, string username, string callbackPath, Uri origin)
    {
        var csrf = await client.GetCsrfTokenAsync();
        using var start = await client.PostFormAsync(client.BasePath + "/signin/oidc", [new("csrfToken", csrf), new("callbackUrl", callbackPath), new("json", "true")]);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var authorizationUrl = new Uri((string)JsonNode.Parse(await start.Content.ReadAsStringAsync())!["url"]!);

        var callback = await browser.AuthorizeAsync(authorizationUrl, username);
        Assert.Equal(client.BasePath + "/callback/oidc", callback.AbsolutePath);

        using var finish = await client.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Found, finish.StatusCode);
        Assert.Equal(new Uri(origin, callbackPath), finish.Headers.Location);
        return (await client.GetSessionAsync())!;
    }

    private async Task<NextAuthReferenceServer> StartNextAuthAsync()
    {
        // the client is registered for the callback URL, so the port is chosen first; another server may take it meanwhile
        for (var attempt = 1; ; attempt++)
        {
            var port = NextAuthReferenceServer.FreePort();
            var registered = await provider.RegisterClientAsync([$"http://127.0.0.1:{port}/api/auth/callback/oidc"]);
            try
            {
                return await NextAuthReferenceServer.StartAsync(Secret, port: port, environment: new Dictionary<string, string>
                {
                    ["OIDC_ISSUER"] = provider.IssuerString,
                    ["OIDC_CLIENT_ID"] = registered.ClientId,
                    ["OIDC_CLIENT_SECRET"] = registered.ClientSecret,
                });
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }
}
