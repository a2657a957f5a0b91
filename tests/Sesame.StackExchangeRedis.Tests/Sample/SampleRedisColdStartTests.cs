using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Sesame.StackExchangeRedis.Tests.Sample;

public sealed class SampleBeforeRedisFixture : SampleOnRedis
{
    protected override bool RedisUpAtStart => false;
}

/// <summary>An app started while Redis is not there yet starts, answers signed out, and works once Redis is up.</summary>
public sealed class SampleRedisColdStartTests(SampleBeforeRedisFixture fixture, ITestOutputHelper output) : IClassFixture<SampleBeforeRedisFixture>
{
    [Fact]
    public async Task AppStartedBeforeRedis_SignedOutUntilRedisIsUp_ThenSignsIn()
    {
        using var client = fixture.Client();
        var withoutRedis = Stopwatch.StartNew();
        using var session = await client.GetAsync("/api/auth/session");
        var firstRead = withoutRedis.Elapsed;
        var sessionBody = await session.Content.ReadAsStringAsync();
        using var signIn = await client.SignInAsync();
        var cookieWithoutRedis = client.Cookies.ContainsKey("next-auth.session-token");
        var signInTime = withoutRedis.Elapsed - firstRead;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"without Redis: first GET /session {firstRead.TotalMilliseconds:F0} ms, then sign-in {signInTime.TotalMilliseconds:F0} ms"));

        await fixture.Redis.StartAsync();
        var sinceStart = Stopwatch.StartNew();
        var signedIn = false;
        while (!signedIn && sinceStart.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
            using var attempt = await client.SignInAsync();
            Assert.True((int)attempt.StatusCode < 500, $"sign-in answered {(int)attempt.StatusCode}");
            using var me = await client.GetAsync("/api/me");
            signedIn = me.StatusCode == HttpStatusCode.OK;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"signed in {sinceStart.Elapsed.TotalMilliseconds:F0} ms after Redis started"));
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal("{}", sessionBody);
        Assert.True((int)signIn.StatusCode < 500, $"sign-in without Redis answered {(int)signIn.StatusCode}");
        Assert.False(cookieWithoutRedis, "a sign-in without Redis issued a session cookie");
        Assert.True(signedIn, "no sign-in within 30 s of Redis starting:\n" + fixture.Output);
    }
}
