using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sesame.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Sesame.StackExchangeRedis.Tests.Sample;

/// <summary>
/// Two sample instances on a durable Redis (append-only file, so a restart keeps the sessions, as production Redis
/// with AOF does) with short command timeouts, for the fault tests.
/// </summary>
public sealed class FaultySamplesOnRedisFixture() : SampleOnRedis(durable: true)
{
    protected override int Instances => 2;

    // Short timeouts: a slow Redis fails the request in about half a second (plus the client's timeout check).
    protected override string ConnectionOptions => ",asyncTimeout=500,syncTimeout=500,connectTimeout=1000";
}

/// <summary>
/// Redis down or slow: requests that need it fail closed (signed out; never signed in by mistake, never a 500), with
/// an error logged, the apps stay up and recover by themselves.
/// </summary>
public sealed class SampleRedisFaultTests(FaultySamplesOnRedisFixture fixture, ITestOutputHelper output) : IClassFixture<FaultySamplesOnRedisFixture>
{
    [Fact]
    public async Task RedisStoppedThenRestarted_SignedOutWhileDown_SameSessionBackWithoutAppRestart()
    {
        using var client = fixture.Client();
        await client.SignInAsync();
        var cookie = client.Cookies["next-auth.session-token"];
        using (var before = await client.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await fixture.Redis.StopAsync();
        try
        {
            var whileDown = Stopwatch.StartNew();
            using var me = await client.GetAsync("/api/me");
            var meTime = whileDown.Elapsed;
            using var meOnB = await client.SameBrowserOn(fixture.Client(1)).GetAsync("/api/me");
            using var session = await client.GetAsync("/api/auth/session");
            var sessionBody = await session.Content.ReadAsStringAsync();
            var sessionSetCookie = client.LastSetCookie("next-auth.session-token");
            using var sessions = await client.GetAsync("/api/sessions");
            using var revokeAll = await client.PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", await client.GetCsrfTokenAsync())]);
            using var dashboard = await client.GetAsync("/dashboard");
            using var newcomer = fixture.Client();
            using var signIn = await newcomer.SignInAsync("admin");
            using var newcomerMe = await newcomer.GetAsync("/api/me");

            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, meOnB.StatusCode);
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
            Assert.Equal("{}", sessionBody);
            Assert.Null(sessionSetCookie); // the cookie is kept: the session may be fine once Redis is back
            Assert.Equal(HttpStatusCode.Unauthorized, sessions.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, revokeAll.StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, dashboard.StatusCode);
            Assert.True((int)dashboard.StatusCode < 500, $"/dashboard answered {(int)dashboard.StatusCode} while Redis was down");
            Assert.True((int)signIn.StatusCode is >= 300 and < 500, $"sign-in answered {(int)signIn.StatusCode} while Redis was down");
            Assert.False(newcomer.Cookies.ContainsKey("next-auth.session-token"), "a sign-in without Redis issued a session cookie");
            Assert.Equal(HttpStatusCode.Unauthorized, newcomerMe.StatusCode);
            Assert.True(meTime < TimeSpan.FromSeconds(2), $"a request without Redis took {meTime}: commands must fail fast, not queue");
            Assert.Contains("requests that need Redis fail closed", fixture.Output, StringComparison.Ordinal);
            Assert.Contains("The session store failed", fixture.Output, StringComparison.Ordinal);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/api/me with Redis down answered 401 in {meTime.TotalMilliseconds:F0} ms"));
        }
        finally
        {
            await fixture.Redis.StartAsync();
        }

        var sinceRestart = Stopwatch.StartNew();
        var status = await WaitForStatusAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"signed in again {sinceRestart.Elapsed.TotalMilliseconds:F0} ms after Redis restarted"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(cookie, client.Cookies["next-auth.session-token"]);
        using var onB = client.SameBrowserOn(fixture.Client(1));
        Assert.Equal(HttpStatusCode.OK, await WaitForStatusAsync(onB, HttpStatusCode.OK, TimeSpan.FromSeconds(30)));
        using var later = fixture.Client(1);
        await later.SignInAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SlowRedis_RequestsTimeOutSignedOut_ThenServedAgain()
    {
        using var client = fixture.Client();
        await client.SignInAsync();
        var admin = await fixture.Redis.GetAdminDatabaseAsync();

        // DEBUG SLEEP blocks the whole server, as a Redis stuck on a slow command or a long fork does; long enough
        // that the sign-in below is still inside it (a command sent late can legitimately succeed once Redis wakes).
        var sleep = admin.ExecuteAsync("DEBUG", "SLEEP", "6");
        await Task.Delay(200);
        var slow = Stopwatch.StartNew();
        using var me = await client.GetAsync("/api/me");
        var meTime = slow.Elapsed;
        using var newcomer = fixture.Client();
        var signingIn = Stopwatch.StartNew();
        using var signIn = await newcomer.SignInAsync("admin");
        var signInTime = signingIn.Elapsed;
        await sleep;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"with Redis asleep: /api/me answered {(int)me.StatusCode} in {meTime.TotalMilliseconds:F0} ms, sign-in {(int)signIn.StatusCode} in {signInTime.TotalMilliseconds:F0} ms (asyncTimeout=500)"));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.True(meTime < TimeSpan.FromSeconds(2.5), $"the timeout took {meTime}");
        Assert.True((int)signIn.StatusCode < 500, $"sign-in answered {(int)signIn.StatusCode} while Redis was slow");
        Assert.False(newcomer.Cookies.ContainsKey("next-auth.session-token"), "a sign-in with Redis timing out issued a session cookie");
        // served again once Redis answers: the connection recovers by itself (on a loaded machine it may take a moment)
        Assert.Equal(HttpStatusCode.OK, await WaitForStatusAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(10)));
    }

    private static async Task<HttpStatusCode> WaitForStatusAsync(Sesame.Testing.SesameTestClient client, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/api/me");
            Assert.True((int)response.StatusCode < 500, $"/api/me answered {(int)response.StatusCode} while Redis came back");
            if (response.StatusCode == expected || deadline.Elapsed > timeout)
            {
                return response.StatusCode;
            }

            await Task.Delay(100);
        }
    }
}
