using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Sesame.Benchmarks.Infrastructure;

namespace Sesame.Benchmarks.Pipeline;

/// <summary>
/// In-process <c>GET /api/auth/session</c> of the sample (JWT strategy, browser cookie jar) with one signed-in browser's
/// cookies repeated, against <see cref="Sessions"/> distinct signed-in browsers taking turns, request after request (issue
/// 9): one cookie repeated measures the decoded-token memo's hit path; many users measure what an instance with that
/// many active sessions pays, whether the memo keeps them (a hit rate near 100 % in the steady state) or thrashes back to
/// a full decrypt and CSRF check per request.
/// </summary>
/// <remarks>
/// <para>Every session comes from the sample's own credentials sign-in (<c>GET /csrf</c>, <c>POST /callback/credentials</c>)
/// of a user of its own, so each browser has its own session token and CSRF cookie, exactly as the sample issues them;
/// the users are configured as the sample's <c>DemoUsers</c> (which its session read does not consult). Both benchmarks
/// run on the same app with the same users; every case sets up an app of its own (and, out of process, a process of its
/// own), so the one-cookie figure is not warmed by the many.</para>
/// <para>The benchmark drives the app over HTTP only (no Sesame types), so it compiles against another build of Sesame
/// too: <c>benchmarks/compare-pipeline.sh</c> runs it on a baseline checkout and on this one.</para>
/// </remarks>
[MemoryDiagnoser]
public class DistinctSessionsBenchmarks
{
    private WebApplication _app = null!;
    private BenchmarkClient _client = null!;
    private string[] _cookies = null!;
    private int _next;

    /// <summary>Signed-in users the rotating benchmark takes turns with: under and over the old memo's 2,048 entries.</summary>
    [Params(1_000, 10_000)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The first user's cookies on every request: the memo's hit path.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> OneCookie() => _client.SendAsync("/api/auth/session", _cookies[0]);

    /// <summary>Each request the next user's cookies, round the <see cref="Sessions"/> users.</summary>
    [Benchmark]
    public Task<int> DistinctSessions()
    {
        var cookie = _cookies[_next];
        _next = _next + 1 == _cookies.Length ? 0 : _next + 1;
        return _client.SendAsync("/api/auth/session", cookie);
    }

    private async Task SetupAsync() => (_app, _client, _cookies) = await SignedInSample.StartAsync(Sessions, new Dictionary<string, string?>());
}
