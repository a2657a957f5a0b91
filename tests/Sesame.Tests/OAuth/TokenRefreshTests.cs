using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Microsoft.EntityFrameworkCore;
using Sesame.Providers.OAuth;
using Sesame.Stores;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

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
        var sessions = await ConcurrentSessionReadsAsync(app, client, 8);

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

    [RequiresFact(Requirement.OidcProvider)]
    public async Task DatabaseStrategy_ExpiredAccessToken_ConcurrentRequests_OneRefresh_AccountRowHoldsTheNewTokens_RefusalIsRefreshAccessTokenError()
    {
        var registered = await provider.RegisterClientAsync([TestApp.Origin + "/api/auth/callback/oidc"]);
        await using var db = await DatabaseApp.StartAsync(
            options => options.Callbacks.OnSession = RefreshAccountAsync,
            extend: sesame => sesame.AddOpenIdConnect("oidc", o =>
            {
                o.Issuer = provider.Issuer;
                o.ClientId = registered.ClientId;
                o.ClientSecret = registered.ClientSecret;
            }));
        using var client = db.App.CreateClient();
        using var browser = new ProviderBrowser();
        using (var signedIn = await OAuthTestFlow.SignInAsync(client, browser, "oidc"))
        {
            Assert.Equal(TestApp.Origin + "/dashboard", signedIn.Headers.Location?.ToString());
        }

        var first = await db.QueryAsync(context => context.Accounts.AsNoTracking().SingleAsync());
        Assert.Null((await client.GetSessionAsync())!["error"]);
        Assert.Equal(0, (await provider.GetStatsAsync()).RefreshRequests);

        // an hour and a bit later the access token has expired: 8 requests of the session at once
        db.App.Time.Advance(TimeSpan.FromMinutes(61));
        var sessions = await ConcurrentSessionReadsAsync(db.App, client, 8);

        Assert.Equal(1, (await provider.GetStatsAsync()).RefreshRequests);
        Assert.All(sessions, session => Assert.Null(session["error"]));
        Assert.All(sessions, session => Assert.Equal("alice@example.com", (string?)session["user"]!["email"]));
        var refreshed = await db.QueryAsync(context => context.Accounts.AsNoTracking().SingleAsync());
        Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
        Assert.NotEqual(first.RefreshToken, refreshed.RefreshToken);
        Assert.False(string.IsNullOrEmpty(refreshed.RefreshToken));
        Assert.Equal(db.App.Time.GetUtcNow().ToUnixTimeSeconds() + 3600, refreshed.ExpiresAt!.Value, tolerance: 5);
        Assert.Equal((first.UserId, first.ProviderAccountId), (refreshed.UserId, refreshed.ProviderAccountId));

        // the new access token is not expired: the next read makes no call
        Assert.Null((await client.GetSessionAsync())!["error"]);
        Assert.Equal(1, (await provider.GetStatsAsync()).RefreshRequests);

        // the provider refuses the next refresh: the session says so, and the row keeps the tokens it had
        db.App.Time.Advance(TimeSpan.FromMinutes(61));
        await provider.SetTokenModeAsync("refuse-refresh");
        var refused = (await client.GetSessionAsync())!;
        Assert.Equal(OAuthTokenRefreshResult.RefreshAccessTokenError, (string?)refused["error"]);
        Assert.Equal("alice@example.com", (string?)refused["user"]!["email"]);
        var kept = await db.QueryAsync(context => context.Accounts.AsNoTracking().SingleAsync());
        Assert.Equal((refreshed.AccessToken, refreshed.RefreshToken, refreshed.ExpiresAt), (kept.AccessToken, kept.RefreshToken, kept.ExpiresAt));
    }

    /// <summary><paramref name="count"/> reads of <c>GET /session</c> at once, each with the client's session cookie as it is now.</summary>
    private static async Task<JsonNode[]> ConcurrentSessionReadsAsync(TestApp app, SesameTestClient client, int count)
    {
        var cookie = "next-auth.session-token=" + Uri.EscapeDataString(client.Cookies["next-auth.session-token"]);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var http = new HttpClient { BaseAddress = app.Address };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/session");
            request.Headers.Add("Cookie", cookie);
            using var response = await http.SendAsync(request);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }));
    }

    /// <summary>Database sessions: the session callback refreshes the user's expired provider token in the account row.</summary>
    private static async Task RefreshAccountAsync(SessionContext context)
    {
        var services = context.HttpContext.RequestServices;
        var accounts = services.GetRequiredService<IAccountStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        var cancellationToken = context.HttpContext.RequestAborted;
        foreach (var account in await accounts.GetUserAccountsAsync(context.User!.Id, cancellationToken))
        {
            if (account.Provider == "oidc" && account.ExpiresAt is { } expiresAt && now >= expiresAt && account.RefreshToken is not null)
            {
                var result = await services.GetRequiredService<OAuthTokenRefresher>().RefreshAccountAsync(account, accounts, cancellationToken);
                if (!result.Succeeded)
                {
                    context.Session.Set("error", result.Error);
                }
            }
        }
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
