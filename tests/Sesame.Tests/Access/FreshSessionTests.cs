using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Jwt;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.Access;

/// <summary>
/// <c>RequireFreshSession(maxAge)</c>: a sensitive endpoint accepts a session whose sign-in is at most maxAge old; an
/// older one gets a step-up challenge (API) or the sign-in page (page), and signing in again satisfies it. Refreshes and
/// updates never make a session fresh: only an authentication does.
/// </summary>
public sealed class FreshSessionTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static void Map(WebApplication app)
    {
        app.MapPost("/api/security/revoke-others", () => Results.Json(new { done = true }))
            .RequireAuthorization(policy => policy.RequireFreshSession(Window));
        app.MapGet("/settings/security", () => Results.Text("<h1>security</h1>", "text/html"))
            .RequireAuthorization(policy => policy.RequireFreshSession(Window));
    }

    private static void Configure(SesameOptions options)
    {
        // refresh on every read, so the test shows a refresh does not count as an authentication
        options.Session.UpdateAge = TimeSpan.Zero;
    }

    [Fact]
    public async Task Api_JustSignedIn_Proceeds()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        using var response = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_AtTheBoundary_ProceedsThenOneSecondLater_StepUpChallenge()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        app.Time.Advance(Window);
        using (var atBoundary = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject()))
        {
            Assert.Equal(HttpStatusCode.OK, atBoundary.StatusCode);
        }

        app.Time.Advance(TimeSpan.FromSeconds(1));
        using var stale = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject());

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        var challenge = Assert.Single(stale.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_user_authentication\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("max_age=\"300\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Equal("""{"error":"ReauthenticationRequired"}""", await stale.Content.ReadAsStringAsync());
        // still signed in: only the sensitive action asks for more
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
    }

    [Fact]
    public async Task Page_Stale_RedirectsToSignInWithThePageAsCallback()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        app.Time.Advance(Window + TimeSpan.FromSeconds(1));

        var request = new HttpRequestMessage(HttpMethod.Get, "/settings/security?tab=devices");
        request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"{TestApp.Origin}/api/auth/signin?callbackUrl={Uri.EscapeDataString("/settings/security?tab=devices")}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Stale_SignInAgain_FreshAgain()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        app.Time.Advance(TimeSpan.FromHours(1));

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/settings/security");
        request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RefreshesAndUpdates_DoNotMakeASessionFresh()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        for (var minute = 0; minute < 6; minute++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
            Assert.NotNull(client.LastSetCookie("next-auth.session-token"));
        }

        var csrf = await client.GetCsrfTokenAsync();
        using (await client.PostJsonAsync("/api/auth/session", new System.Text.Json.Nodes.JsonObject { ["csrfToken"] = csrf, ["data"] = new System.Text.Json.Nodes.JsonObject() }))
        {
        }

        using var response = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TokenWithoutAuthTime_IsNeverFresh()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();
        // as next-auth mints it: no auth_time, so no known authentication
        var legacy = app.Services.GetRequiredService<IJwtCodec>().Encode(new JwtClaims { Name = "Old", Email = "old@example.com", Subject = "u9" }, TimeSpan.FromDays(1), "");
        client.SetCookie("next-auth.session-token", legacy);

        using var response = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("insufficient_user_authentication", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithFutureAuthTime_IsNotFresh()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();
        var claims = new JwtClaims { Name = "Skew", Email = "skew@example.com", Subject = "u8" };
        claims.Set("auth_time", app.Time.GetUtcNow().AddYears(1).ToUnixTimeSeconds());
        client.SetCookie("next-auth.session-token", app.Services.GetRequiredService<IJwtCodec>().Encode(claims, TimeSpan.FromDays(1), ""));

        using var response = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NoSession_PlainChallengeNotStepUp()
    {
        await using var app = await TestApp.StartAsync(Configure, map: Map);
        using var client = app.CreateClient();

        using var response = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("insufficient_user_authentication", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_SessionRowCreatedAt_CountsTheAuthentication()
    {
        await using var db = await DatabaseApp.StartAsync(Configure, map: Map);
        using var client = db.App.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        using (var fresh = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject()))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        db.App.Time.Advance(Window + TimeSpan.FromSeconds(1));
        Assert.NotEmpty((await client.GetSessionAsync())!.AsObject());
        using var stale = await client.PostJsonAsync("/api/security/revoke-others", new System.Text.Json.Nodes.JsonObject());
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Contains("max_age=\"300\"", stale.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
