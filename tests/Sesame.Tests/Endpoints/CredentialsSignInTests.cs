using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sesame.Providers.Credentials;
using Sesame.Events;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Endpoints;

public sealed class CredentialsSignInTests
{
    private const string SessionCookie = "next-auth.session-token";

    [Fact]
    public async Task SignIn_GoodCredentialsJsonMode_Returns200UrlAndSetsSessionCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"), callbackUrl: "/dash");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:3000/dash", await UrlOf(response));
        var cookie = client.LastSetCookie(SessionCookie)!;
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal((app.Time.GetUtcNow() + TimeSpan.FromDays(30)).ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());
        Assert.Equal("http://localhost:3000/dash", client.Cookies["next-auth.callback-url"]);
    }

    [Fact]
    public async Task SignIn_GoodCredentialsWithoutJson_Redirects302()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/callback/credentials",
            [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("callbackUrl", "/dash")]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://localhost:3000/dash", response.Headers.Location!.OriginalString);
        Assert.NotNull(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignIn_JsonBodyWithBooleanJson_IsNotJsonMode()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostJsonAsync("/api/auth/callback/credentials",
            new JsonObject { ["username"] = "alice", ["password"] = TestUsers.Password, ["csrfToken"] = csrf, ["json"] = true });

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.NotNull(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignIn_WrongPasswordJsonMode_Returns401WithCredentialsSigninUrl()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice", "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/error?error=CredentialsSignin&provider=credentials", await UrlOf(response));
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignIn_WrongPasswordWithoutJson_Redirects302ToError()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice", "wrong"), new("csrfToken", csrf)]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/error?error=CredentialsSignin&provider=credentials", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_AuthorizeThrowsSignInException_Returns401WithItsMessage()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("boom"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/error?error=Custom%20Boom", await UrlOf(response));
    }

    [Fact]
    public async Task SignIn_AuthorizeThrowsOtherException_LeaksNothingAndFailsAsCredentialsSignin()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("crash"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var url = await UrlOf(response);
        Assert.Equal("http://localhost:3000/api/auth/error?error=CredentialsSignin&provider=credentials", url);
        Assert.DoesNotContain("hunter2", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_SignInCallbackDenies_Returns403AccessDenied()
    {
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnSignIn = context =>
        {
            context.Deny();
            return Task.CompletedTask;
        });
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/error?error=AccessDenied", await UrlOf(response));
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignIn_SignInCallbackRedirects_GoesThereWithoutSession()
    {
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnSignIn = context =>
        {
            if (context.User.Id == "u2")
            {
                context.RedirectTo("/auth/verify-mfa");
            }

            return Task.CompletedTask;
        });
        using var client = app.CreateClient();

        using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("admin"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/auth/verify-mfa", await UrlOf(response));
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignIn_WrongCsrf_RedirectsToSignInWithCsrfFlag()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.GetCsrfTokenAsync();

        using var json = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", "nope"), new("json", "true")]);
        using var redirect = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice")]);

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/signin?csrf=true", await UrlOf(json));
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/signin?csrf=true", redirect.Headers.Location!.OriginalString);
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignIn_CsrfTokenWithoutCookie_IsRefused()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();
        client.RemoveCookie("next-auth.csrf-token");

        using var response = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("json", "true")]);

        Assert.Equal("http://localhost:3000/api/auth/signin?csrf=true", await UrlOf(response));
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task SignIn_JwtCallbackAtSignIn_SeesUserAccountAndSignInTrigger()
    {
        JwtContext? seen = null;
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnJwt = context =>
        {
            seen ??= context;
            return Task.CompletedTask;
        });
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.NotNull(seen);
        Assert.Equal(JwtTrigger.SignIn, seen.Trigger);
        Assert.Equal("u1", seen.User!.Id);
        Assert.Equal("credentials", seen.Account!.Type);
        Assert.Equal("credentials", seen.Account.Provider);
        Assert.Equal(false, seen.IsNewUser);
    }

    [Fact]
    public async Task SignIn_Events_FireSignInAndSessionAndSignOut_AndThrowingEventDoesNotBreakRequest()
    {
        var fired = new List<string>();
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Events.OnSignIn = context =>
            {
                fired.Add("signIn:" + context.User.Id);
                throw new InvalidOperationException("event bug");
            };
            o.Events.OnSession = context =>
            {
                fired.Add("session:" + context.Session.User.Email);
                return Task.CompletedTask;
            };
            o.Events.OnSignOut = context =>
            {
                fired.Add("signOut:" + context.Token?.Subject);
                return Task.CompletedTask;
            };
        });
        using var client = app.CreateClient();

        using var signIn = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await client.GetSessionAsync();
        var csrf = await client.GetCsrfTokenAsync();
        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(["signIn:u1", "session:alice@example.com", "signOut:u1"], fired);
    }

    [Fact]
    public async Task CallbackCredentials_Get_Returns500Text()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/callback/credentials");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Error: Callback for provider type credentials not supported", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInPost_CredentialsProvider_RedirectsToSignInPage_AndUnknownProviderLooksLikeCsrfFailure()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var credentials = await client.PostFormAsync("/api/auth/signin/credentials", [new("csrfToken", csrf)]);
        using var unknown = await client.PostFormAsync("/api/auth/signin/doesnotexist", [new("csrfToken", csrf)]);

        Assert.Equal("http://localhost:3000/api/auth/signin", credentials.Headers.Location!.OriginalString);
        Assert.Equal("http://localhost:3000/api/auth/signin?csrf=true", unknown.Headers.Location!.OriginalString);
    }

    internal static async Task<string> UrlOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
}
