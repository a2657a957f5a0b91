using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Jwt;
using Sesame.Mfa;
using Sesame.Stores;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sessions;

namespace Sesame.Tests.Mfa;

/// <summary>
/// The TOTP second factor end to end: the first factor leaves a partial sign-in that nothing treats as signed in; the
/// right code issues a new session with <c>amr: ["pwd","otp"]</c>; wrong, replayed, out-of-window and superseded codes
/// are refused; a recovery code works once; both strategies.
/// </summary>
public sealed class TotpSignInTests
{
    private const string Secret = "JBSWY3DPEHPK3PXP";
    private const string RecoveryCode = "abcde-fghjk";
    private const string SessionCookie = "next-auth.session-token";
    private const string PartialCookie = "sesame.partial-sign-in";
    private const string VerifyPath = "/auth/verify-mfa";

    private static async Task<(TestApp App, InMemoryTotpStore Store)> StartAsync(Action<SesameOptions>? configure = null)
    {
        var store = await EnrolledStoreAsync();
        var app = await TestApp.StartAsync(configure, extend: Extend(store), map: Map);
        return (app, store);
    }

    private static async Task<InMemoryTotpStore> EnrolledStoreAsync()
    {
        var store = new InMemoryTotpStore();
        await store.SaveEnrolmentAsync(new SesameTotpEnrolment { UserId = "u1", Secret = Secret, RecoveryCodeHashes = [TotpCodes.HashRecoveryCode(RecoveryCode)] }, CancellationToken.None);
        return store;
    }

    private static Action<SesameBuilder> Extend(InMemoryTotpStore store) => builder =>
    {
        builder.Services.AddSingleton<ITotpStore>(store);
        builder.AddTotp(options => options.VerificationPath = VerifyPath);
    };

    private static void Map(WebApplication app) =>
        app.MapGet("/api/secret", () => Results.Json(new { secret = true })).RequireAuthorization();

    private static string Code(TestApp app, TimeSpan offset = default) => TotpCodes.CodeAt(Secret, app.Time.GetUtcNow() + offset);

    private static async Task<HttpResponseMessage> FirstFactorAsync(SesameTestClient client, string callbackUrl = "/dashboard") =>
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"), callbackUrl);

    private static async Task<HttpResponseMessage> VerifyAsync(SesameTestClient client, string code) =>
        await client.PostFormAsync(VerifyPath, [new("csrfToken", await client.GetCsrfTokenAsync()), new("code", code)]);

    [Fact]
    public async Task FirstFactor_RedirectsToVerificationWithCallback_AndNothingTreatsItAsSignedIn()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();

        using var signIn = await FirstFactorAsync(client);

        // answered as a successful sign-in is (next-auth's client posts with json=true), pointing at the verification page
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal($"{TestApp.Origin}{VerifyPath}?callbackUrl={Uri.EscapeDataString(TestApp.Origin + "/dashboard")}", await UrlOf(signIn));
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
        var partial = client.Cookies[PartialCookie];
        Assert.Empty((await client.GetSessionAsync())!.AsObject());
        using (var me = await client.GetAsync("/api/me")) { Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode); }
        using (var secret = await client.GetAsync("/api/secret")) { Assert.Equal(HttpStatusCode.Unauthorized, secret.StatusCode); }

        // the partial token is no session token, in a cookie or as a bearer token
        using var planted = app.CreateClient();
        planted.SetCookie(SessionCookie, partial);
        Assert.Empty((await planted.GetSessionAsync())!.AsObject());
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/secret");
        bearer.Headers.Authorization = new("Bearer", partial);
        using (var bearerResponse = await app.CreateClient().SendAsync(bearer)) { Assert.Equal(HttpStatusCode.Unauthorized, bearerResponse.StatusCode); }
    }

    [Fact]
    public async Task FirstFactor_HtmlForm_302ToTheVerificationPage()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostFormAsync("/api/auth/callback/credentials",
            [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("callbackUrl", "/dashboard")]);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith($"{TestApp.Origin}{VerifyPath}?callbackUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    private static async Task<string> UrlOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();

    [Fact]
    public async Task VerificationPage_OneFormWithCsrfAndCode()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        await FirstFactorAsync(client);

        using var page = await client.GetAsync(VerifyPath + "?callbackUrl=%2Fdashboard");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<form method=\"post\""));
        Assert.Contains("name=\"csrfToken\" value=\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"code\" type=\"text\"", html, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task RightCode_NewSessionWithAmr_PartialEnded_RedirectsToCallback()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        await FirstFactorAsync(client);
        var partial = client.Cookies[PartialCookie];

        using var verify = await VerifyAsync(client, Code(app));

        Assert.Equal(HttpStatusCode.Found, verify.StatusCode);
        Assert.Equal(TestApp.Origin + "/dashboard", verify.Headers.Location!.OriginalString);
        var session = client.Cookies[SessionCookie];
        Assert.NotEqual(partial, session);
        Assert.False(client.Cookies.ContainsKey(PartialCookie));
        var token = app.Services.GetRequiredService<IJwtCodec>().Decode(session, "")!;
        Assert.Equal(["pwd", "otp"], token.Get("amr")!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("u1", token.Subject);
        using var me = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var secret = await client.GetAsync("/api/secret");
        Assert.Equal(HttpStatusCode.OK, secret.StatusCode);
    }

    [Fact]
    public async Task CallbackUrlTooLongForThePartialCookie_SecondFactorStillWorks_ToTheStartPage()
    {
        // a browser drops a cookie past 4,096 bytes: the partial sign-in is kept without the deep link instead
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        await FirstFactorAsync(client, "/" + string.Concat(Enumerable.Repeat("a/", 1_800)));
        Assert.All(client.LastSetCookies, cookie => Assert.True(cookie.Name.Length + cookie.Value.Length <= 4096, $"{cookie.Name}: {cookie.Value.Length} bytes"));
        Assert.True(client.Cookies.ContainsKey(PartialCookie));

        using var verify = await VerifyAsync(client, Code(app));

        Assert.Equal(HttpStatusCode.Found, verify.StatusCode);
        Assert.Equal(TestApp.Origin, verify.Headers.Location!.OriginalString.TrimEnd('/'));
        Assert.True(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task WrongCode_ShowsThePageAgainWithAnErrorAndNoSession()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        await FirstFactorAsync(client);
        var right = Code(app);
        var wrong = right == "000000" ? "111111" : "000000";

        using var verify = await VerifyAsync(client, wrong);

        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var html = await verify.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\"", html, StringComparison.Ordinal);
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());

        // the partial sign-in is still there: the right code now works
        using var retry = await VerifyAsync(client, right);
        Assert.Equal(HttpStatusCode.Found, retry.StatusCode);
        Assert.True(client.Cookies.ContainsKey(SessionCookie));
    }

    [Theory]
    [InlineData(-30, true)]
    [InlineData(30, true)]
    [InlineData(-60, false)]
    [InlineData(60, false)]
    public async Task ClockDrift_OneStepEitherWayAccepted_TwoRefused(int seconds, bool accepted)
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        // the middle of a step, so that ±30 s lands in the neighbouring step and not two away
        app.Time.Advance(TimeSpan.FromSeconds(15));
        using var client = app.CreateClient();
        await FirstFactorAsync(client);

        using var verify = await VerifyAsync(client, Code(app, TimeSpan.FromSeconds(seconds)));

        Assert.Equal(accepted, client.Cookies.ContainsKey(SessionCookie));
        Assert.Equal(accepted ? HttpStatusCode.Found : HttpStatusCode.OK, verify.StatusCode);
    }

    [Fact]
    public async Task UsedCode_RefusedOnTheNextSignIn()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var first = app.CreateClient();
        await FirstFactorAsync(first);
        var code = Code(app);
        using (await VerifyAsync(first, code)) { }
        Assert.True(first.Cookies.ContainsKey(SessionCookie));

        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var second = app.CreateClient();
        await FirstFactorAsync(second);
        using var replay = await VerifyAsync(second, code);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.False(second.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task PartialCopiedBeforeTheUserVerified_CannotBeCompletedLater()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var victim = app.CreateClient();
        await FirstFactorAsync(victim);
        var copied = victim.Cookies[PartialCookie];
        app.Time.Advance(TimeSpan.FromSeconds(1));
        using (await VerifyAsync(victim, Code(app))) { }

        // the thief has the partial sign-in and, later, a new valid code
        app.Time.Advance(TimeSpan.FromSeconds(31));
        using var thief = app.CreateClient();
        thief.SetCookie(PartialCookie, copied);
        using var attempt = await VerifyAsync(thief, Code(app));

        Assert.Equal(HttpStatusCode.Found, attempt.StatusCode);
        Assert.EndsWith("/api/auth/signin", attempt.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(thief.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task RecoveryCode_WorksOnce()
    {
        var (app, store) = await StartAsync();
        await using var _app = app;
        using var first = app.CreateClient();
        await FirstFactorAsync(first);
        using (var verify = await VerifyAsync(first, "ABCDE-FGHJK")) { Assert.Equal(HttpStatusCode.Found, verify.StatusCode); }
        Assert.True(first.Cookies.ContainsKey(SessionCookie));
        Assert.Empty((await store.GetEnrolmentAsync("u1", CancellationToken.None))!.RecoveryCodeHashes);

        app.Time.Advance(TimeSpan.FromSeconds(2));
        using var second = app.CreateClient();
        await FirstFactorAsync(second);
        using var again = await VerifyAsync(second, RecoveryCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(second.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task TooManyWrongCodes_PartialVoid_BackToSignIn()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        await FirstFactorAsync(client);
        var right = Code(app);
        var wrong = right == "000000" ? "111111" : "000000";

        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last?.Dispose();
            last = await VerifyAsync(client, wrong);
        }

        Assert.Equal(HttpStatusCode.Found, last!.StatusCode);
        last.Dispose();
        client.RemoveCookie(SessionCookie);
        using var late = await VerifyAsync(client, right);
        Assert.Equal(HttpStatusCode.Found, late.StatusCode);
        Assert.EndsWith("/api/auth/signin", late.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task ExpiredPartial_BackToSignIn()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        await FirstFactorAsync(client);

        app.Time.Advance(TimeSpan.FromMinutes(6));
        using var verify = await VerifyAsync(client, Code(app));

        Assert.Equal(HttpStatusCode.Found, verify.StatusCode);
        Assert.EndsWith("/api/auth/signin", verify.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task NoCsrf_Refused()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        await FirstFactorAsync(client);

        using var verify = await client.PostFormAsync(VerifyPath, [new("code", Code(app))]);

        Assert.Equal(HttpStatusCode.Forbidden, verify.StatusCode);
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task NotEnrolledUser_SignsInInOneStep()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();

        using var signIn = await client.SignInWithCredentialsAsync(TestUsers.Form("admin"), "/dashboard");

        Assert.Equal(TestApp.Origin + "/dashboard", await UrlOf(signIn));
        Assert.True(client.Cookies.ContainsKey(SessionCookie));
        Assert.Null(app.Services.GetRequiredService<IJwtCodec>().Decode(client.Cookies[SessionCookie], "")!.Get("amr"));
    }

    [Fact]
    public async Task PartialCookieForged_Refused()
    {
        var (app, _) = await StartAsync();
        await using var _app = app;
        using var client = app.CreateClient();
        // a session token (the session key) is no partial sign-in (the partial key)
        client.SetCookie(PartialCookie, app.Services.GetRequiredService<IJwtCodec>().Encode(new JwtClaims { Subject = "u1", TokenId = "x" }, TimeSpan.FromMinutes(5), ""));

        using var verify = await VerifyAsync(client, Code(app));

        Assert.Equal(HttpStatusCode.Found, verify.StatusCode);
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task Database_PartialMakesNoRow_RightCodeMakesOne()
    {
        var store = await EnrolledStoreAsync();
        await using var db = await DatabaseApp.StartAsync(map: Map, extend: Extend(store));
        using var client = db.App.CreateClient();

        await FirstFactorAsync(client);
        Assert.Equal(0, await db.QueryAsync(c => c.Sessions.CountAsync()));
        Assert.Empty((await client.GetSessionAsync())!.AsObject());

        using var verify = await VerifyAsync(client, TotpCodes.CodeAt(Secret, db.App.Time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Found, verify.StatusCode);
        Assert.Equal(1, await db.QueryAsync(c => c.Sessions.CountAsync()));
        using var me = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task StartUp_TotpWithoutStore_FailsWithHowToFix()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestApp.StartAsync(extend: b => b.AddTotp()));

        Assert.Contains("ITotpStore", failure.Message, StringComparison.Ordinal);
    }
}
