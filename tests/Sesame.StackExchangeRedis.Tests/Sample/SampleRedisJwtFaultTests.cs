using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Sesame.StackExchangeRedis.Tests.Sample;

/// <summary>
/// Two JWT sample instances (revocable sessions) on a durable Redis with short command timeouts and a one-second
/// check interval (<c>Sesame__Jwt__RevocationCheckInterval</c>), for the fault tests.
/// </summary>
public sealed class FaultyJwtSamplesOnRedisFixture() : SampleOnRedis(durable: true)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override int Instances => 2;

    protected override string? Strategy => null;

    protected override string ConnectionOptions => ",asyncTimeout=500,syncTimeout=500,connectTimeout=1000";

    protected override IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["Sesame__Jwt__RevocationCheckInterval"] = Interval.ToString("c", CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Redis down under revocable JWT sessions: once an instance's last answer about a session is older than the check
/// interval, the session reads as signed out (logged; the cookie kept, never a 500, never a false sign-in: a revoked
/// session stays refused and no sign-in is issued without its registration); both instances recover by themselves.
/// </summary>
public sealed class SampleRedisJwtFaultTests(FaultyJwtSamplesOnRedisFixture fixture, ITestOutputHelper output) : IClassFixture<FaultyJwtSamplesOnRedisFixture>
{
    [Fact]
    public async Task RedisStoppedThenRestarted_SignedOutWithinTheInterval_SameSessionBackWithoutAppRestart()
    {
        using var client = fixture.Client();
        await client.SignInAsync();
        var cookie = client.Cookies["next-auth.session-token"];
        using var revoked = fixture.Client(1);
        await revoked.SignInAsync();
        using (var revoke = await client.RevokeAsync(await revoked.CurrentSessionIdAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using (var before = await client.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await fixture.Redis.StopAsync();
        try
        {
            var stopped = Stopwatch.StartNew();
            await WaitForStatusAsync(client, HttpStatusCode.Unauthorized, FaultyJwtSamplesOnRedisFixture.Interval + TimeSpan.FromSeconds(2));
            var signedOutAfter = stopped.Elapsed;
            var whileDown = Stopwatch.StartNew();
            using var me = await client.GetAsync("/api/me");
            var meTime = whileDown.Elapsed;
            using var meOnB = await client.SameBrowserOn(fixture.Client(1)).GetAsync("/api/me");
            using var revokedMe = await revoked.GetAsync("/api/me");
            using var session = await client.GetAsync("/api/auth/session");
            var sessionBody = await session.Content.ReadAsStringAsync();
            var sessionSetCookie = client.LastSetCookie("next-auth.session-token");
            using var sessions = await client.GetAsync("/api/sessions");
            using var dashboard = await client.GetAsync("/dashboard");
            using var newcomer = fixture.Client();
            using var signIn = await newcomer.SignInAsync("admin");
            using var newcomerMe = await newcomer.GetAsync("/api/me");

            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, meOnB.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, revokedMe.StatusCode);
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
            Assert.Equal("{}", sessionBody);
            Assert.Null(sessionSetCookie); // the cookie is kept: the session may be fine once Redis is back
            Assert.Equal(cookie, client.Cookies["next-auth.session-token"]);
            Assert.Equal(HttpStatusCode.Unauthorized, sessions.StatusCode);
            Assert.True((int)dashboard.StatusCode is >= 300 and < 500, $"/dashboard answered {(int)dashboard.StatusCode} while Redis was down");
            Assert.True((int)signIn.StatusCode is >= 300 and < 500, $"sign-in answered {(int)signIn.StatusCode} while Redis was down");
            Assert.False(newcomer.Cookies.ContainsKey("next-auth.session-token"), "a sign-in without Redis issued a session cookie");
            Assert.Equal(HttpStatusCode.Unauthorized, newcomerMe.StatusCode);
            Assert.True(meTime < TimeSpan.FromSeconds(2), $"a request without Redis took {meTime}: commands must fail fast, not queue");
            Assert.Contains("The session revocation store failed", fixture.Output, StringComparison.Ordinal);
            Assert.Contains("Registering the revocable JWT session", fixture.Output, StringComparison.Ordinal);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Redis stopped: signed out after {signedOutAfter.TotalMilliseconds:F0} ms (interval {FaultyJwtSamplesOnRedisFixture.Interval.TotalMilliseconds:F0} ms); /api/me then answered 401 in {meTime.TotalMilliseconds:F0} ms"));
        }
        finally
        {
            await fixture.Redis.StartAsync();
        }

        var sinceRestart = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, await WaitForStatusAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(30)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"signed in again {sinceRestart.Elapsed.TotalMilliseconds:F0} ms after Redis restarted"));
        Assert.Equal(cookie, client.Cookies["next-auth.session-token"]);
        using var onB = client.SameBrowserOn(fixture.Client(1));
        Assert.Equal(HttpStatusCode.OK, await WaitForStatusAsync(onB, HttpStatusCode.OK, TimeSpan.FromSeconds(30)));
        using (var revokedAfter = await revoked.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revokedAfter.StatusCode); // still revoked: nothing came back with Redis
        }

        using var later = fixture.Client(1);
        await later.SignInAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/api/me")).StatusCode);

        // pub/sub is back too: a revocation on A reaches B at once
        using var laterOnA = later.SameBrowserOn(fixture.Client(0));
        Assert.Equal(HttpStatusCode.OK, (await WaitForSubscriptionAsync(later, laterOnA)).StatusCode);
    }

    /// <summary>Revokes <paramref name="onB"/>'s session from A, after B has cached it, and returns B's next answer.</summary>
    private static async Task<HttpResponseMessage> WaitForSubscriptionAsync(Sesame.Testing.SesameTestClient onB, Sesame.Testing.SesameTestClient onA)
    {
        var id = await onB.CurrentSessionIdAsync();
        using (var cached = await onB.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        var revokeAll = await onA.PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", await onA.GetCsrfTokenAsync())]);
        Assert.Equal(HttpStatusCode.OK, revokeAll.StatusCode);
        var refused = Stopwatch.StartNew();
        using var me = await onB.GetAsync("/api/me");
        Assert.True(me.StatusCode == HttpStatusCode.Unauthorized, $"B still served session {id} right after A revoked it ({refused.ElapsedMilliseconds} ms)");
        return revokeAll;
    }

    private static async Task<HttpStatusCode> WaitForStatusAsync(Sesame.Testing.SesameTestClient client, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/api/me");
            Assert.True((int)response.StatusCode < 500, $"/api/me answered {(int)response.StatusCode} while Redis went or came back");
            if (response.StatusCode == expected)
            {
                return response.StatusCode;
            }

            Assert.True(deadline.Elapsed < timeout, $"/api/me still answered {(int)response.StatusCode} after {deadline.Elapsed}");
            await Task.Delay(50);
        }
    }
}
