using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Sesame.Providers.OAuth;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.OAuth;

/// <summary>
/// next-auth's refresh-token rotation recipe on Sesame (JWT sessions): the <c>jwt</c> callback keeps the provider's
/// tokens and refreshes an expired access token through <see cref="OAuthTokenRefresher"/>. Concurrent requests of one
/// session make one refresh call (counted at the real provider), the rotated refresh token is kept, and a refused
/// refresh puts <c>RefreshAccessTokenError</c> on the session.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class TokenRefreshTests(OidcProviderServer provider) : IAsyncLifetime
{
    public Task InitializeAsync() => Requirements.SkipReason(Requirement.OidcProvider) is null ? provider.ResetAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    [RequiresFact(Requirement.OidcProvider)]
    public async Task ExpiredAccessToken_ConcurrentRequests_OneRefresh_RotatedTokenKept_RefusalIsRefreshAccessTokenError()
    {
        var registered = await provider.RegisterClientAsync([TestApp.Origin + "/api/auth/callback/oidc"]);
        await using var app = await TestApp.StartAsync(
            options =>
            {
                options.Callbacks.OnJwt = RotateAsync;
                options.Callbacks.OnSession = context =>
                {
                    if (context.Token?.GetString("error") is { } error)
                    {
                        context.Session.Set("error", error);
                    }

                    context.Session.Set("refreshToken", context.Token?.GetString("refresh_token"));
                    return Task.CompletedTask;
                };
            },
            sesame => sesame.AddOpenIdConnect("oidc", o =>
            {
                o.Issuer = provider.Issuer;
                o.ClientId = registered.ClientId;
                o.ClientSecret = registered.ClientSecret;
            }));
        using var client = app.CreateClient();
        using var browser = new ProviderBrowser();
        using (var signedIn = await OAuthTestFlow.SignInAsync(client, browser, "oidc"))
        {
            Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        }

        var firstRefreshToken = (string?)(await client.GetSessionAsync())!["refreshToken"];
        Assert.False(string.IsNullOrEmpty(firstRefreshToken));
        Assert.Equal(0, (await provider.GetStatsAsync()).RefreshRequests);

        // an hour and a bit later the access token has expired: 8 requests of the session at once
        app.Time.Advance(TimeSpan.FromMinutes(61));
        var cookie = "next-auth.session-token=" + Uri.EscapeDataString(client.Cookies["next-auth.session-token"]);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var http = new HttpClient { BaseAddress = app.Address };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/session");
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }));

        Assert.Equal(1, (await provider.GetStatsAsync()).RefreshRequests);
        Assert.All(sessions, session => Assert.Null(session["error"]));
        var rotated = sessions.Select(session => (string?)session["refreshToken"]).Distinct().Single();
        Assert.NotEqual(firstRefreshToken, rotated);

        // a late request with the old cookie gets the same refreshed tokens (no second call), and its cookie
        Assert.Equal(rotated, (string?)(await client.GetSessionAsync())!["refreshToken"]);
        Assert.Equal(1, (await provider.GetStatsAsync()).RefreshRequests);

        // the provider refuses the next refresh: the session says so, and the client can send the user to sign in again

        app.Time.Advance(TimeSpan.FromMinutes(61));
        await provider.SetTokenModeAsync("refuse-refresh");
        var refused = (await client.GetSessionAsync())!;
        Assert.Equal(OAuthTokenRefreshResult.RefreshAccessTokenError, (string?)refused["error"]);
        Assert.Equal("alice@example.com", (string?)refused["user"]!["email"]);
    }

    /// <summary>next-auth's documented rotation: keep the tokens at sign-in, refresh when expired, mark a refusal.</summary>
    private static async Task RotateAsync(JwtContext context)
    {
        var token = context.Token;
        if (context.Account is { } account)
        {
            token.Set("access_token", account.AccessToken);
            token.Set("refresh_token", account.RefreshToken);
            token.Set("expires_at", account.ExpiresAt);
            return;
        }

        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        if (token.Get("expires_at")?.GetValue<long>() is { } expiresAt && now < expiresAt || token.GetString("refresh_token") is not { } refreshToken)
        {
            return;
        }

        var refresher = context.HttpContext.RequestServices.GetRequiredService<OAuthTokenRefresher>();
        var result = await refresher.RefreshAsync("oidc", refreshToken, context.HttpContext.RequestAborted);
        if (result.Succeeded)
        {
            token.Set("access_token", result.AccessToken);
            token.Set("refresh_token", result.RefreshToken);
            token.Set("expires_at", result.ExpiresAt);
            token.Set("error", null);
        }
        else
        {
            token.Set("error", result.Error);
        }
    }
}
