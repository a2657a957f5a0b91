using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Sesame.Testing;
using Xunit.Abstractions;

namespace Sesame.Tests.Browser;

/// <summary>The sample with a 6 s <c>UpdateAge</c>, so that a test sees polls before and after it passes.</summary>
public sealed class ShortUpdateAgeBrowserFixture : BrowserFixture
{
    public static readonly TimeSpan UpdateAge = TimeSpan.FromSeconds(6);

    protected override IDictionary<string, string?> Environment
    {
        get
        {
            var environment = base.Environment;
            environment["Sesame__Session__UpdateAge"] = UpdateAge.ToString("c", CultureInfo.InvariantCulture);
            return environment;
        }
    }
}

/// <summary>What polling costs: how many session reads the @sesame client makes, and what each carries.</summary>
public sealed class PollBudgetTests(ShortUpdateAgeBrowserFixture fixture, ITestOutputHelper output) : IClassFixture<ShortUpdateAgeBrowserFixture>
{
    private const int PollSeconds = 2;
    private const int CooldownSeconds = 2;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(14);

    [RequiresFact(Requirement.Chromium)]
    public async Task PollingPlusAFocusStorm_StaysWithinBudget_AndPollsCarryNoCookieUntilUpdateAgePasses()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var clock = Stopwatch.StartNew();
        var signedInAt = TimeSpan.Zero;
        var reads = new List<(TimeSpan At, IResponse Response)>();
        page.Response += (_, response) =>
        {
            var path = new Uri(response.Url).AbsolutePath;
            if (path == "/api/auth/callback/credentials")
            {
                signedInAt = clock.Elapsed;
            }
            else if (path == "/api/auth/session" && response.Request.Method == "GET" && signedInAt > TimeSpan.Zero)
            {
                lock (reads)
                {
                    reads.Add((clock.Elapsed - signedInAt, response));
                }
            }
        };

        await page.GotoAsync($"/client/?poll={PollSeconds}&cooldown={CooldownSeconds}");
        await page.GetByTestId("username").FillAsync("demo");
        await page.GetByTestId("password").FillAsync("demo-password");
        await page.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("authenticated");

        // a focus storm: a focus and a visibilitychange event every 100 ms for the whole window
        var focusEvents = 0;
        while (clock.Elapsed - signedInAt < Window)
        {
            await page.EvaluateAsync("() => { window.dispatchEvent(new Event('focus')); document.dispatchEvent(new Event('visibilitychange')); }");
            focusEvents += 2;
            await Task.Delay(100);
        }

        List<(TimeSpan At, IResponse Response)> seen;
        lock (reads)
        {
            seen = reads.Where(r => r.At <= Window).ToList();
        }

        var budget = 1 + (int)(Window.TotalSeconds / Math.Min(PollSeconds, CooldownSeconds)) + 1; // the sign-in's read, one per interval, one of timer slack
        var rows = new List<(TimeSpan At, bool SetsCookie, long Sent, long Received)>();
        foreach (var (at, response) in seen)
        {
            var headers = await response.HeadersArrayAsync();
            var setsCookie = headers.Any(h => h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("next-auth.session-token", StringComparison.Ordinal));
            var sizes = await response.Request.SizesAsync();
            rows.Add((at, setsCookie, sizes.RequestHeadersSize + sizes.RequestBodySize, sizes.ResponseHeadersSize + sizes.ResponseBodySize));
        }

        var report = string.Join('\n', rows.Select(r => $"{r.At.TotalSeconds,6:0.00} s  Set-Cookie: {(r.SetsCookie ? "yes" : "no "),-3}  sent {r.Sent} B, received {r.Received} B"));
        var summary = $"{rows.Count} session reads in {Window.TotalSeconds:0} s (poll {PollSeconds} s, cool-down {CooldownSeconds} s, {focusEvents} focus events, budget {budget}); " +
                      $"a poll without a new cookie: {Average(rows.Where(r => !r.SetsCookie), r => r.Sent)} B sent + {Average(rows.Where(r => !r.SetsCookie), r => r.Received)} B received; " +
                      $"with a re-issued cookie: {Average(rows.Where(r => r.SetsCookie), r => r.Sent)} B + {Average(rows.Where(r => r.SetsCookie), r => r.Received)} B";
        output.WriteLine(summary + "\n" + report);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, "poll-cost.txt"), summary + "\n" + report + "\n");

        Assert.InRange(rows.Count, (int)(Window.TotalSeconds / PollSeconds) - 1, budget);
        var updateAge = ShortUpdateAgeBrowserFixture.UpdateAge;
        // the token's iat is in whole seconds and the clock here starts at the sign-in's response: up to 1 s early
        var tolerance = TimeSpan.FromMilliseconds(1100);
        Assert.All(rows.Where(r => r.At < updateAge - tolerance), r => Assert.False(r.SetsCookie, $"a read {r.At.TotalSeconds:0.00} s after sign-in re-set the cookie"));
        var reissues = rows.Where(r => r.SetsCookie).Select(r => r.At).ToList();
        Assert.NotEmpty(reissues);
        Assert.True(reissues[0] >= updateAge - tolerance, $"first re-issue after {reissues[0].TotalSeconds:0.00} s");
        Assert.All(reissues.Zip(reissues.Skip(1)), pair => Assert.True(pair.Second - pair.First >= updateAge - tolerance, $"re-issued at {pair.First} and {pair.Second}"));
    }

    private static long Average<T>(IEnumerable<T> rows, Func<T, long> value)
    {
        var list = rows.Select(value).ToList();
        return list.Count == 0 ? 0 : (long)list.Average();
    }
}
