using System.Net;
using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>One running sample (JWT strategy, default configuration) shared by the black-box tests below.</summary>
public sealed class SampleAppFixture : IAsyncLifetime
{
    internal SampleProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "yLODNunIsDLS2nZus/HNzG/Vq29mfF/cGRYTQC8RuLE=",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });
        await App.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SampleAppTests(SampleAppFixture fixture) : IClassFixture<SampleAppFixture>
{
    private SesameTestClient Client() => new(fixture.App.Address);

    [Fact]
    public async Task ApiMe_WithoutSession_Is401Unauthorized()
    {
        using var client = Client();

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("{\"error\":\"Unauthorized\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeactivatedUser_OldCookieNoLongerReadsAnywhere()
    {
        // the probe's defect: the sample restarted with the demo user deactivated, an old cookie (same secret) kept reading
        const string secret = "yLODNunIsDLS2nZus/HNzG/Vq29mfF/cGRYTQC8RuLE=";
        await using var app = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = secret,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DemoUsers__0__Active"] = "false",
        });
        await app.WaitUntilReadyAsync();
        var codec = new Sesame.Jwt.NextAuthJwtCodec([secret], Sesame.Jwt.JwtFormat.NextAuthV4, TimeProvider.System);
        var old = codec.Encode(new Sesame.Jwt.JwtClaims { Name = "Demo User", Email = "demo@example.com", Subject = "1" }, TimeSpan.FromDays(30), "");
        using var client = new SesameTestClient(app.Address);

        foreach (var path in new[] { "/api/me", "/api/auth/session", "/dashboard" })
        {
            client.SetCookie("next-auth.session-token", old);
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized || !body.Contains("demo@example.com", StringComparison.Ordinal), $"{path}: {(int)response.StatusCode} {body}");
        }

        using var session = await client.GetAsync("/api/auth/session");
        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiAdmin_WithoutSession_Is401()
    {
        using var client = Client();

        using var response = await client.GetAsync("/api/admin");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("{\"error\":\"Unauthorized\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DemoUser_SignsInAndSeesSessionButNotAdmin()
    {
        using var client = Client();

        using var signIn = await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")], "/dashboard");
        using var me = await client.GetAsync("/api/me");
        var session = JsonNode.Parse(await me.Content.ReadAsStringAsync())!;
        using var admin = await client.GetAsync("/api/admin");
        using var dashboard = await client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal($"{fixture.App.Address.ToString().TrimEnd('/')}/dashboard", (await signIn.Content.ReadFromJsonNodeAsync())!["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("1", session["user"]!["id"]!.GetValue<string>());
        Assert.Equal("Demo User", session["user"]!["name"]!.GetValue<string>());
        Assert.Equal("demo@example.com", session["user"]!["email"]!.GetValue<string>());
        Assert.Null(session["user"]!["image"]);
        Assert.True(session["user"]!.AsObject().ContainsKey("image"));
        Assert.NotNull(session["expires"]);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal("{\"error\":\"Forbidden\"}", await admin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Demo User", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminUser_ReachesAdminApiWithRoleInSession()
    {
        using var client = Client();

        await client.SignInWithCredentialsAsync([new("username", "admin"), new("password", "demo-password")]);
        var session = (await client.GetSessionAsync())!;
        using var admin = await client.GetAsync("/api/admin");

        Assert.Equal("2", session["user"]!["id"]!.GetValue<string>());
        Assert.Equal("Admin User", session["user"]!["name"]!.GetValue<string>());
        Assert.Equal("admin", session["user"]!["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task WrongPassword_IsCredentialsSignin()
    {
        using var client = Client();

        using var response = await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "nope")]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=CredentialsSignin", (await response.Content.ReadFromJsonNodeAsync())!["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_RenamesUser_AndSignOutEndsSession()
    {
        using var client = Client();
        await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        var csrf = await client.GetCsrfTokenAsync();

        using var update = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = "Renamed" } });
        var afterUpdate = (await client.GetSessionAsync())!;
        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        using var me = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("Renamed", afterUpdate["user"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }
}

public sealed class SampleStartupTests
{
    [Fact]
    public async Task Production_WithoutSecret_RefusesToStartWithClearMessage()
    {
        await using var app = SampleProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("AUTH_SECRET", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithWeakSecret_RefusesToStartAndSaysHowToGenerateOne()
    {
        await using var app = SampleProcess.Start(new Dictionary<string, string?> { ["AUTH_SECRET"] = "hunter2x", ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("too weak", app.Output, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2x", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithWeakSecret_StartsAndWarns()
    {
        await using var app = SampleProcess.Start(new Dictionary<string, string?> { ["AUTH_SECRET"] = "k9", ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        await app.WaitUntilReadyAsync();

        Assert.Contains("too weak", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextAuthVariableNames_AndDemoPassword_AreHonoured()
    {
        await using var app = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["NEXTAUTH_SECRET"] = "ceer3+LCBC1Xv1KbL13Z/sOWLcT4DVIW8boAC20EV/8=",
            ["NEXTAUTH_URL"] = "http://127.0.0.1:1",
            ["DEMO_PASSWORD"] = "s3cret",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });
        await app.WaitUntilReadyAsync();
        using var client = new SesameTestClient(app.Address);

        using var defaultPassword = await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        using var configured = await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "s3cret")], "/dashboard");

        Assert.Equal(HttpStatusCode.Unauthorized, defaultPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        Assert.Equal("http://127.0.0.1:1/dashboard", (await configured.Content.ReadFromJsonNodeAsync())!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Development_WithoutSecret_GeneratesOneAndSaysSo()
    {
        await using var app = SampleProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });

        await app.WaitUntilReadyAsync();

        Assert.Contains("AUTH_SECRET is not set", app.Output, StringComparison.Ordinal);
    }
}

internal static class HttpContentJsonExtensions
{
    public static async Task<JsonNode?> ReadFromJsonNodeAsync(this HttpContent content) => JsonNode.Parse(await content.ReadAsStringAsync());
}
