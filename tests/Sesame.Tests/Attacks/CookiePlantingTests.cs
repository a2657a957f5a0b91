using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// A cookie planted in the browser (by a sibling subdomain, a script or a proxy) must not lock the user out: a
/// callback-url cookie with an invalid value is replaced and the request goes on, sign-out included.
/// </summary>
public sealed class CookiePlantingTests
{
    private const string CallbackCookie = "next-auth.callback-url";

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,x")]
    [InlineData("not a url")]
    public async Task PoisonedCallbackCookie_OnSessionRead_IsReplacedWithTheOriginAndTheSessionAnswers(string poison)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        client.SetCookie(CallbackCookie, poison);

        using var response = await client.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Alice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TestApp.Origin, client.Cookies[CallbackCookie]);
    }

    [Fact]
    public async Task PoisonedCallbackCookie_EveryAction_AnswersWithoutError()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        async Task<HttpStatusCode> Poisoned(Func<Task<HttpResponseMessage>> send)
        {
            client.SetCookie(CallbackCookie, "javascript:alert(1)");
            using var response = await send();
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Poisoned(() => client.GetAsync("/api/auth/csrf")));
        Assert.Equal(HttpStatusCode.OK, await Poisoned(() => client.GetAsync("/api/auth/signin")));
        Assert.Equal(HttpStatusCode.OK, await Poisoned(() => client.GetAsync("/api/auth/signout")));
        Assert.Equal(HttpStatusCode.Forbidden, await Poisoned(() => client.GetAsync("/api/auth/error?error=AccessDenied")));
        Assert.Equal(HttpStatusCode.OK, await Poisoned(() => client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("json", "true")])));
        // the sign-in renewed the CSRF token: fetch it as next-auth's client does
        csrf = await client.GetCsrfTokenAsync();
        Assert.Equal(HttpStatusCode.OK, await Poisoned(() => client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")])));
        Assert.Equal("{}", (await client.GetSessionAsync())!.ToJsonString());
    }

    [Fact]
    public async Task PoisonedCallbackCookie_SignInRedirect_GoesToTheOriginNotThePoison()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();
        client.SetCookie(CallbackCookie, "javascript:alert(1)");

        using var response = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf)]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(TestApp.Origin, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task InvalidCallbackUrlInQuery_StillAnswersNextAuthsConfigurationError()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/session?callbackUrl=javascript:alert(1)");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
