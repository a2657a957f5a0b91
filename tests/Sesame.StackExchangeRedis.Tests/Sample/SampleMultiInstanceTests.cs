using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Sesame.StackExchangeRedis.Tests.Sample;

public sealed class TwoSamplesOnRedisFixture : SampleOnRedis
{
    protected override int Instances => 2;
}

/// <summary>
/// Two sample processes, A and B, on two ports with one <c>AUTH_SECRET</c> and one Redis, in database mode: a session
/// made on one is valid on the other, and a revocation or sign-out on one takes effect on the other.
/// </summary>
public sealed class SampleMultiInstanceTests(TwoSamplesOnRedisFixture fixture, ITestOutputHelper output) : IClassFixture<TwoSamplesOnRedisFixture>
{
    private const int A = 0;
    private const int B = 1;

    [Fact]
    public async Task SignInOnA_ReadOnB_SameSession()
    {
        using var onA = fixture.Client(A);
        await onA.SignInAsync("admin");
        using var onB = onA.SameBrowserOn(fixture.Client(B));

        var fromA = JsonNode.Parse(await (await onA.GetAsync("/api/me")).Content.ReadAsStringAsync())!;
        using var meOnB = await onB.GetAsync("/api/me");
        using var adminOnB = await onB.GetAsync("/api/admin");
        var fromB = JsonNode.Parse(await meOnB.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, meOnB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminOnB.StatusCode);
        Assert.Equal(fromA.ToJsonString(), fromB.ToJsonString());
        Assert.Equal(await onA.CurrentSessionIdAsync(), await onB.CurrentSessionIdAsync());
    }

    [Fact]
    public async Task SignOutOnB_SessionSignedInOnA_EndsOnA()
    {
        using var onA = fixture.Client(A);
        await onA.SignInAsync();
        using var onB = onA.SameBrowserOn(fixture.Client(B));
        var csrf = await onB.GetCsrfTokenAsync();

        using var signOut = await onB.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        // onA still sends the cookie B just cleared: a copy of it kept by an attacker, or a second tab
        using var meOnA = await onA.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, meOnA.StatusCode);
    }

    /// <summary>
    /// 20 times: sign in on A, revoke that session from another device on B, then ask A until it refuses the cookie.
    /// The delay is from B's answer to A's first refusal; without a session cache it is the next request.
    /// </summary>
    [Fact]
    public async Task RevokeOnB_SessionSignedInOnA_RefusedOnANextRequest()
    {
        using var phoneOnB = fixture.Client(B);
        await phoneOnB.SignInAsync();
        var delays = new List<double>();
        var polls = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            using var laptopOnA = fixture.Client(A);
            await laptopOnA.SignInAsync();
            var laptopId = await laptopOnA.CurrentSessionIdAsync();
            using (var before = await laptopOnA.GetAsync("/api/me"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            Assert.Contains(laptopId, await phoneOnB.SessionIdsAsync());
            using var revoke = await phoneOnB.RevokeAsync(laptopId);
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            var sinceRevoke = Stopwatch.StartNew();
            var tries = 0;
            while (true)
            {
                tries++;
                using var me = await laptopOnA.GetAsync("/api/me");
                if (me.StatusCode == HttpStatusCode.Unauthorized)
                {
                    break;
                }

                Assert.True(sinceRevoke.Elapsed < TimeSpan.FromSeconds(5), $"A still accepts a session revoked on B {sinceRevoke.Elapsed} ago");
            }

            delays.Add(sinceRevoke.Elapsed.TotalMilliseconds);
            polls.Add(tries);
        }

        delays.Sort();
        var median = (delays[9] + delays[10]) / 2;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"revoked on B -> refused on A: median {median:F1} ms, max {delays[^1]:F1} ms over {delays.Count} tries; requests until refused: max {polls.Max()}"));
        Assert.All(polls, p => Assert.Equal(1, p)); // no cache: A's very next request is refused
    }
}
