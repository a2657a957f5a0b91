using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The real provider rotates its signing key while the app runs: the app, which fetched the JWKS at its first sign-in,
/// validates ID tokens signed with the new key without a restart (the handler's configuration manager fetches the JWKS
/// again for an unknown <c>kid</c>); an ID token signed with a key the JWKS does not hold is refused with
/// <c>OAuthCallback</c> and leaves no session.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class KeyRotationTests(OidcProviderServer provider) : IAsyncLifetime
{
    public Task InitializeAsync() => Requirements.SkipReason(Requirement.OidcProvider) is null ? provider.ResetAsync() : Task.CompletedTask;

    // the other tests of the collection expect the first key
    public Task DisposeAsync() => Requirements.SkipReason(Requirement.OidcProvider) is null ? provider.ResetAsync() : Task.CompletedTask;

    private async Task<TestApp> StartAppAsync()
    {
        var registered = await provider.RegisterClientAsync([TestApp.Origin + "/api/auth/callback/oidc"]);
        return await TestApp.StartAsync(
            options =>
            {
                // the ID token's kid, to show which key signed the token the app accepted
                options.Callbacks.OnJwt = context =>
                {
                    if (context.Account?.IdToken is { } idToken)
                    {
                        context.Token.Set("kid", new JsonWebToken(idToken).Kid);
                    }

                    return Task.CompletedTask;
                };
                options.Callbacks.OnSession = context =>
                {
                    context.Session.Set("kid", context.Token?.GetString("kid"));
                    return Task.CompletedTask;
                };
            },
            sesame => sesame.AddOpenIdConnect("oidc", o =>
            {
                o.Issuer = provider.Issuer;
                o.ClientId = registered.ClientId;
                o.ClientSecret = registered.ClientSecret;
            }));
    }

    [RequiresTheory(Requirement.OidcProvider)]
    [InlineData("rotate")]
    [InlineData("replace")]
    public async Task SigningKeyRotated_WhileTheAppRuns_NewKeysIdTokenIsAccepted(string mode)
    {
        await using var app = await StartAppAsync();
        using var browser = new ProviderBrowser();
        var firstKid = await SignInAsync(app, browser, "alice");

        var newKid = await provider.SetKeysAsync(mode);
        Assert.NotEqual(firstKid, newKid);

        Assert.Equal(newKid, await SignInAsync(app, browser, "carol"));
        Assert.Equal(2, (await provider.GetStatsAsync()).CodeRequests);
    }

    [RequiresFact(Requirement.OidcProvider)]
    public async Task IdTokenSignedWithAKeyNotInTheJwks_IsOAuthCallback_WithNoSession()
    {
        await using var app = await StartAppAsync();
        using var browser = new ProviderBrowser();
        await SignInAsync(app, browser, "alice");

        await provider.SetKeysAsync("unpublished");
        using var client = app.CreateClient();
        using var callback = await OAuthTestFlow.SignInAsync(client, browser, "oidc", "carol");

        Assert.Equal(HttpStatusCode.Found, callback.StatusCode);
        Assert.Equal("OAuthCallback", OAuthTestFlow.ErrorOf(callback));
        Assert.Equal("{}", (await client.GetSessionAsync())?.ToJsonString());
        Assert.DoesNotContain("next-auth.session-token", client.Cookies.Keys);
        // the provider did answer the code: it is the ID token that was refused
        Assert.Equal(2, (await provider.GetStatsAsync()).CodeRequests);
    }

    /// <summary>A fresh client signs <paramref name="username"/> in; returns the kid of the ID token the app accepted.</summary>
    private static async Task<string?> SignInAsync(TestApp app, ProviderBrowser browser, string username)
    {
        using var client = app.CreateClient();
        using var callback = await OAuthTestFlow.SignInAsync(client, browser, "oidc", username);
        Assert.True(callback.Headers.Location?.ToString() == TestApp.Origin + "/dashboard", $"sign-in of {username} ended at {callback.Headers.Location}");
        return (string?)(await client.GetSessionAsync())!["kid"];
    }
}
