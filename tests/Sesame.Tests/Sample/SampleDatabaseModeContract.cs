using System.Net;
using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>
/// What the sample promises in database mode, whatever keeps its sessions (SQLite here, Redis in the Redis tests,
/// which compile this file in too): each derived class starts the sample its own way and names its address. The
/// sessions API's part is <see cref="SampleSessionsApiContract"/>, which revocable JWT mode keeps too.
/// </summary>
public abstract class SampleDatabaseModeContract : SampleSessionsApiContract
{
    /// <summary>
    /// The mfa user after the password only: a partial sign-in, never a stored session, so neither the store nor the
    /// session cache can serve it as signed in, however often it is asked.
    /// </summary>
    [Fact]
    public async Task PartialSignIn_NeverServedAsASession()
    {
        using var client = Client();
        using var signIn = await client.SignInWithCredentialsAsync([new("username", "mfa"), new("password", "demo-password")], "/dashboard");
        Assert.Contains("/auth/verify-mfa", JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["url"]!.GetValue<string>(), StringComparison.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("{}", await (await client.GetAsync("/api/auth/session")).Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/sessions")).StatusCode);
        }
    }

    [Fact]
    public async Task EverythingTheJwtSampleDoes_WorksWithDatabaseSessions()
    {
        using var demo = Client();
        using var admin = Client();

        using var noSession = await demo.GetAsync("/api/me");
        await demo.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        await admin.SignInWithCredentialsAsync([new("username", "admin"), new("password", "demo-password")]);
        var demoToken = demo.Cookies["next-auth.session-token"];
        var session = JsonNode.Parse(await (await demo.GetAsync("/api/me")).Content.ReadAsStringAsync())!;
        using var demoAdmin = await demo.GetAsync("/api/admin");
        using var adminAdmin = await admin.GetAsync("/api/admin");
        using var dashboard = await demo.GetAsync("/dashboard");
        var csrf = await demo.GetCsrfTokenAsync();
        using var update = await demo.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = "Renamed Demo" } });
        var renamed = (await demo.GetSessionAsync())!;
        using var signOut = await demo.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        using var afterSignOut = await demo.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        Assert.Equal(43, demoToken.Length);
        Assert.Equal("1", session["user"]!["id"]!.GetValue<string>());
        Assert.Equal("Demo User", session["user"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, demoAdmin.StatusCode);
        Assert.Equal("{\"error\":\"Forbidden\"}", await demoAdmin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, adminAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("Renamed Demo", renamed["user"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
    }
}
