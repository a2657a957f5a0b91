using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Sample;
using Sesame.Testing;
using Sesame.Tests.Access;

namespace Sesame.Tests.Sample;

/// <summary>
/// The sample's access examples (protected dashboard, admin area, controller, Razor Page, fresh-user check) on a real
/// Kestrel in this process, with the sample's own configuration.
/// </summary>
public sealed class SampleAccessTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SampleApp).Assembly.GetName().Name,
            ContentRootPath = SampleDirectory(),
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "yLODNunIsDLS2nZus/HNzG/Vq29mfF/cGRYTQC8RuLE=",
            ["AUTH_URL"] = "http://localhost:3000",
        });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = await SampleApp.BuildAsync(builder);
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ApiMe_NoSession_Is401Unauthorized()
    {
        using var client = Client();

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiMe_SignedIn_IsTheSessionJson()
    {
        using var client = await SignedInAsync("demo");

        var me = JsonNode.Parse(await client.GetStringAsync("/api/me"))!;
        var session = await client.GetSessionAsync();

        Assert.Equal("Demo User", me["user"]!["name"]!.GetValue<string>());
        Assert.Equal("1", me["user"]!["id"]!.GetValue<string>());
        // Exactly the contract's user: { id, name, email, image }.
        Assert.Equal(["email", "id", "image", "name"], me["user"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(session!["user"]!.ToJsonString(), me["user"]!.ToJsonString());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, """{"error":"Unauthorized"}""")]
    [InlineData("demo", HttpStatusCode.Forbidden, """{"error":"Forbidden"}""")]
    [InlineData("admin", HttpStatusCode.OK, null)]
    public async Task ApiAdmin_EachUser_AnswersAsBefore(string? user, HttpStatusCode status, string? body)
    {
        using var client = user is null ? Client() : await SignedInAsync(user);

        using var response = await client.GetAsync("/api/admin");

        Assert.Equal(status, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        if (body is not null)
        {
            Assert.Equal(body, text);
        }
        else
        {
            var json = JsonNode.Parse(text)!;
            Assert.True(json["admin"]!.GetValue<bool>());
            Assert.Equal("admin", json["user"]!["role"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Dashboard_NoSession_RedirectsToSignIn()
    {
        using var client = Client();

        using var response = await client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/signin?callbackUrl=%2Fdashboard", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Dashboard_SignedIn_ShowsTheUser()
    {
        using var client = await SignedInAsync("demo");

        var html = await client.GetStringAsync("/dashboard");

        Assert.Contains("Welcome, Demo User", html, StringComparison.Ordinal);
        Assert.Contains("demo@example.com", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.TemporaryRedirect, "http://localhost:3000/api/auth/signin?callbackUrl=%2Fadmin%2Fusers")]
    [InlineData("demo", HttpStatusCode.TemporaryRedirect, "http://localhost:3000/api/auth/error?error=AccessDenied")]
    [InlineData("admin", HttpStatusCode.OK, null)]
    public async Task AdminArea_ProtectedByTheMiddleware(string? user, HttpStatusCode status, string? location)
    {
        using var client = user is null ? Client() : await SignedInAsync(user);

        using var response = await client.GetAsync("/admin/users");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        if (status == HttpStatusCode.OK)
        {
            Assert.Contains("Admin User (admin)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProfileController_SignedIn_ReadsClaimsAndTypedSession()
    {
        using var client = await SignedInAsync("admin");

        var profile = JsonNode.Parse(await client.GetStringAsync("/api/profile"))!;
        using var adminOnly = await client.GetAsync("/api/profile/admin");

        Assert.Equal("2", profile["id"]!.GetValue<string>());
        Assert.Equal("Admin User", profile["name"]!.GetValue<string>());
        Assert.True(profile["isAdmin"]!.GetValue<bool>());
        Assert.Null(profile["department"]);
        Assert.Equal(HttpStatusCode.OK, adminOnly.StatusCode);
    }

    [Fact]
    public async Task ProfileController_WrongRoleOrNoSession_Is403Or401()
    {
        using var demo = await SignedInAsync("demo");
        using var anonymous = Client();

        using var forbidden = await demo.GetAsync("/api/profile/admin");
        using var unauthorized = await anonymous.GetAsync("/api/profile");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task AccountRazorPage_SignedInOrNot()
    {
        using var demo = await SignedInAsync("demo");
        using var anonymous = Client();

        var html = await demo.GetStringAsync("/account");
        using var redirect = await anonymous.GetAsync("/account");

        Assert.Contains("Signed in as Demo User (demo@example.com)", html, StringComparison.Ordinal);
        Assert.Contains("Department: none", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/signin?callbackUrl=%2Faccount", redirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task DeleteAccount_ActiveUser_PassesTheFreshUserCheck()
    {
        using var demo = await SignedInAsync("demo");
        using var anonymous = Client();

        using var allowed = await demo.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account"));
        using var refused = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("1", JsonNode.Parse(await allowed.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private SesameTestClient Client() => new(_address);

    private async Task<SesameTestClient> SignedInAsync(string user)
    {
        var client = Client();
        using var response = await client.SignInWithCredentialsAsync([new("username", user), new("password", "demo-password")]);
        response.EnsureSuccessStatusCode();
        Assert.True(client.Cookies.ContainsKey(AccessTestApp.SessionCookie), "sign-in failed");
        return client;
    }

    private static string SampleDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var sample = Path.Combine(directory.FullName, "samples", "Sesame.Sample");
            if (Directory.Exists(sample))
            {
                return sample;
            }
        }

        throw new DirectoryNotFoundException("samples/Sesame.Sample not found above the test output.");
    }
}
