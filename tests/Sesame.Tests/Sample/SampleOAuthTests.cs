using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sesame.Testing;
using Sesame.Tests.OAuth;

namespace Sesame.Tests.Sample;

/// <summary>
/// The sample contract of issue 10, checked from outside on the sample process: with <c>AUTH_OIDC_ISSUER</c>,
/// <c>AUTH_OIDC_ID</c> and <c>AUTH_OIDC_SECRET</c> it offers provider <c>oidc</c> ("OpenID Connect", type
/// <c>oauth</c>), and an OAuth user gets the session, <c>/dashboard</c>, <c>/api/me</c>, sign-out (and in database
/// mode rows and <c>/api/sessions</c>) as a credentials user does.
/// </summary>
[Collection(OidcProviderCollection.Name)]
public sealed class SampleOAuthTests(OidcProviderServer provider)
{
    [RequiresTheory(Requirement.OidcProvider)]
    [InlineData("jwt", "client_secret_basic")]
    [InlineData("database", "client_secret_post")]
    public async Task Sample_OidcUser_GetsSessionDashboardApiAndSignOut(string strategy, string authMethod)
    {
        var database = Path.Combine(Path.GetTempPath(), $"sesame-sample-oauth-{Guid.NewGuid():N}.db");
        var port = FreePort();
        var origin = $"http://127.0.0.1:{port}";
        var client = await provider.RegisterClientAsync([origin + "/api/auth/callback/oidc"], authMethod);
        var environment = new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "Zq4pW8nR2vT6yB0cF3hJ7kM1sX5dG9aL2eU6iO0rN4Y=",
            ["AUTH_URL"] = origin,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AUTH_OIDC_ISSUER"] = provider.IssuerString,
            ["AUTH_OIDC_ID"] = client.ClientId,
            ["AUTH_OIDC_SECRET"] = client.ClientSecret,
            ["AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD"] = authMethod,
        };
        if (strategy == "database")
        {
            environment["Sesame__Session__Strategy"] = "database";
            environment["ConnectionStrings__Sesame"] = $"Data Source={database}";
        }

        await using var sample = SampleProcess.Start(environment, port);
        try
        {
            await sample.WaitUntilReadyAsync();
            using var browserClient = new SesameTestClient(sample.Address);
            using var browser = new ProviderBrowser();

            using var providers = await browserClient.GetAsync("/api/auth/providers");
            var oidc = JsonNode.Parse(await providers.Content.ReadAsStringAsync())!["oidc"]!;
            Assert.Equal(("oidc", "OpenID Connect", "oauth"), ((string?)oidc["id"], (string?)oidc["name"], (string?)oidc["type"]));
            Assert.Equal(origin + "/api/auth/callback/oidc", (string?)oidc["callbackUrl"]);

            using var callback = await OAuthTestFlow.SignInAsync(browserClient, browser, "oidc", "alice", "/dashboard");
            Assert.Equal(origin + "/dashboard", callback.Headers.Location?.ToString());

            using var me = await browserClient.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            var user = JsonNode.Parse(await me.Content.ReadAsStringAsync())!["user"]!;
            Assert.Equal(("Alice Liddell", "alice@example.com", "https://img.example/alice.png"), ((string?)user["name"], (string?)user["email"], (string?)user["image"]));
            Assert.False(string.IsNullOrEmpty((string?)user["id"]));
            using var dashboard = await browserClient.GetAsync("/dashboard");
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

            if (strategy == "database")
            {
                using var sessions = await browserClient.GetAsync("/api/sessions");
                Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
                Assert.Contains("\"current\":true", await sessions.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            var csrf = await browserClient.GetCsrfTokenAsync();
            using var signOut = await browserClient.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
            using var afterSignOut = await browserClient.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException("Sample output:\n" + sample.Output, exception);
        }
        finally
        {
            File.Delete(database);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
