using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Security;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Security;

/// <summary>
/// Credentials abuse limits: wrong attempts are counted per account on a client and per client; past a limit the client
/// gets 429 with Retry-After (JSON) or the error page (form) without the app's authorize running; the owner on another
/// client is not locked out; successful sign-ins never count; IPv6 clients are grouped by /64.
/// </summary>
public sealed class CredentialsRateLimitTests
{
    private static async Task<HttpResponseMessage> WrongAsync(Sesame.Testing.SesameTestClient client, string user = "alice") =>
        await client.SignInWithCredentialsAsync(TestUsers.Form(user, "wrong-password"));

    [Fact]
    public async Task TenWrongAttemptsForOneAccount_ThenTooMany_WithRetryAfter_EvenWithTheRightPassword()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            using var wrong = await WrongAsync(client);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.EndsWith("/api/auth/error?error=CredentialsSignin", JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(client.Cookies.ContainsKey("next-auth.session-token"));

        // another account from the same client is still allowed (until the per-client limit)
        using var other = await client.SignInWithCredentialsAsync(TestUsers.Form("admin"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task FormPost_PastTheLimit_RedirectsToTheErrorPage()
    {
        await using var app = await TestApp.StartAsync(extend: b => b.Services.Configure<SesameOptions>(o =>
            ((Sesame.Providers.Credentials.CredentialsProvider)o.Providers[0]).FailuresPerAccountAndClient = 1));
        using var client = app.CreateClient();
        using (await WrongAsync(client)) { }
        var csrf = await client.GetCsrfTokenAsync();

        using var form = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf)]);

        Assert.Equal(HttpStatusCode.Found, form.StatusCode);
        Assert.EndsWith("/api/auth/error?error=CredentialsSignin", form.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotNull(form.Headers.RetryAfter);
    }

    [Fact]
    public async Task SuccessfulSignIns_NeverCount()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        for (var i = 0; i < 30; i++)
        {
            using var signIn = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }
    }

    [Fact]
    public async Task AccountNameCase_CountsAsOneAccount()
    {
        await using var app = await TestApp.StartAsync(extend: b => b.Services.Configure<SesameOptions>(o =>
            ((Sesame.Providers.Credentials.CredentialsProvider)o.Providers[0]).FailuresPerAccountAndClient = 2));
        using var client = app.CreateClient();
        using (await WrongAsync(client, "alice")) { }
        using (await WrongAsync(client, " ALICE ")) { }

        using var limited = await WrongAsync(client, "Alice");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task PerClientLimit_AcrossAccounts()
    {
        await using var app = await TestApp.StartAsync(extend: b => b.Services.Configure<SesameOptions>(o =>
            ((Sesame.Providers.Credentials.CredentialsProvider)o.Providers[0]).FailuresPerClient = 3));
        using var client = app.CreateClient();
        foreach (var user in new[] { "a", "b", "c" })
        {
            using (await WrongAsync(client, user)) { }
        }

        using var limited = await WrongAsync(client, "d");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    public void ClientKey_Ipv6GroupedBy64(string address, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);

        Assert.Equal(expected, SignInRateLimiter.ClientOf(context));
    }
}
