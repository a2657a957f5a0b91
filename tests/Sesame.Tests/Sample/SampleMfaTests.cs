using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sesame.Mfa;
using Sesame.Testing;
using Sesame.Tests.Mfa;

namespace Sesame.Tests.Sample;

/// <summary>
/// The sample's multi-factor contract, from outside: the <c>mfa</c> user's sign-in ends at <c>/auth/verify-mfa</c>
/// with nothing signed in until the TOTP code (secret <c>DEMO_TOTP_SECRET</c>); and enrolment from the QR code on
/// <c>/account/mfa</c>. Each test runs its own sample: codes are spent per 30-second step.
/// </summary>
public sealed class SampleMfaTests
{
    private const string DefaultSecret = "JBSWY3DPEHPK3PXP";

    private static async Task<SampleProcess> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "mfa0Bn1zQ3w5yLODNunIsDLS2nZus/HNzG/Vq29mfF8=",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        var app = SampleProcess.Start(environment);
        await app.WaitUntilReadyAsync();
        return app;
    }

    private static string Csrf(string html) => Regex.Match(html, "name=\"csrfToken\" value=\"([^\"]+)\"").Groups[1].Value;

    [Theory]
    [InlineData(null)]
    [InlineData("KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ")]
    public async Task MfaUser_PartialUntilTheCode_ThenAFullSession_CodeOnce(string? configuredSecret)
    {
        await using var app = await StartAsync(configuredSecret is null ? null : new() { ["DEMO_TOTP_SECRET"] = configuredSecret });
        var secret = configuredSecret ?? DefaultSecret;
        using var client = new SesameTestClient(app.Address);

        using var signIn = await client.SignInWithCredentialsAsync([new("username", "mfa"), new("password", "demo-password")], "/dashboard");
        var url = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal($"{app.Address.GetLeftPart(UriPartial.Authority)}/auth/verify-mfa?callbackUrl={Uri.EscapeDataString(app.Address.GetLeftPart(UriPartial.Authority) + "/dashboard")}", url);
        var partialSessionCookie = client.Cookies.GetValueOrDefault("next-auth.session-token");

        Assert.Equal("{}", await (await client.GetAsync("/api/auth/session")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        using (var dashboard = await client.GetAsync("/dashboard"))
        {
            Assert.DoesNotContain("mfa@example.com", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var page = await client.GetAsync(new Uri(url).PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Single(Regex.Matches(html, "<form method=\"post\""));
        Assert.Contains("name=\"code\"", html, StringComparison.Ordinal);

        var code = TotpCodes.CodeAt(secret, DateTimeOffset.UtcNow);
        var wrong = code == "000000" ? "111111" : "000000";
        using (var refused = await client.PostFormAsync("/auth/verify-mfa", [new("csrfToken", Csrf(html)), new("code", wrong)]))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("role=\"alert\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        }

        using var verified = await client.PostFormAsync("/auth/verify-mfa", [new("csrfToken", Csrf(html)), new("code", code)]);
        Assert.Equal(HttpStatusCode.Found, verified.StatusCode);
        Assert.Equal(app.Address.GetLeftPart(UriPartial.Authority) + "/dashboard", verified.Headers.Location!.OriginalString);
        Assert.NotEqual(partialSessionCookie, client.Cookies["next-auth.session-token"]);
        var me = JsonNode.Parse(await (await client.GetAsync("/api/me")).Content.ReadAsStringAsync())!;
        Assert.Equal("3", me["user"]!["id"]!.GetValue<string>());
        Assert.Equal("MFA User", me["user"]!["name"]!.GetValue<string>());
        Assert.Equal("mfa@example.com", me["user"]!["email"]!.GetValue<string>());

        // the same code later: refused (each code works once)
        using var again = new SesameTestClient(app.Address);
        await again.SignInWithCredentialsAsync([new("username", "mfa"), new("password", "demo-password")], "/dashboard");
        var againHtml = await (await again.GetAsync("/auth/verify-mfa")).Content.ReadAsStringAsync();
        using var replay = await again.PostFormAsync("/auth/verify-mfa", [new("csrfToken", Csrf(againHtml)), new("code", code)]);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/me")).StatusCode);

        // demo and admin are unchanged: one step
        using var demo = new SesameTestClient(app.Address);
        using var demoSignIn = await demo.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")], "/dashboard");
        Assert.EndsWith("/dashboard", JsonNode.Parse(await demoSignIn.Content.ReadAsStringAsync())!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Enrolment_QrCodeOnThePage_ConfirmedByCode_ThenSignInAsksForTheFactor()
    {
        await using var app = await StartAsync();
        using var client = new SesameTestClient(app.Address);
        await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);

        var page = await (await client.GetAsync("/account/mfa")).Content.ReadAsStringAsync();
        var image = Regex.Match(page, "<img id=\"totp-qr\"[^>]*src=\"data:image/png;base64,([^\"]+)\"").Groups[1].Value;
        var uri = new Uri(QrCodes.Read(Convert.FromBase64String(image))!);
        Assert.Equal("otpauth", uri.Scheme);
        var secret = System.Web.HttpUtility.ParseQueryString(uri.Query)["secret"]!;
        Assert.Equal(secret, Regex.Match(page, "<code id=\"totp-secret\">([^<]+)</code>").Groups[1].Value);
        var protectedSecret = Regex.Match(page, "name=\"secret\" value=\"([^\"]+)\"").Groups[1].Value;

        using var confirm = await client.PostFormAsync("/account/mfa",
            [new("csrfToken", Csrf(page)), new("secret", System.Net.WebUtility.HtmlDecode(protectedSecret)), new("code", TotpCodes.CodeAt(secret, DateTimeOffset.UtcNow))]);
        var done = await confirm.Content.ReadAsStringAsync();
        var recoveryCodes = Regex.Matches(done, "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        // the next sign-in asks for the factor; a recovery code completes it, once
        using var later = new SesameTestClient(app.Address);
        using var signIn = await later.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")], "/dashboard");
        Assert.Contains("/auth/verify-mfa", JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        var verifyPage = await (await later.GetAsync("/auth/verify-mfa")).Content.ReadAsStringAsync();
        using var verified = await later.PostFormAsync("/auth/verify-mfa", [new("csrfToken", Csrf(verifyPage)), new("code", recoveryCodes[0])]);
        Assert.Equal(HttpStatusCode.Found, verified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/api/me")).StatusCode);
    }
}
