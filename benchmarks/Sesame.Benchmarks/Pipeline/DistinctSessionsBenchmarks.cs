using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Sesame.Benchmarks.Infrastructure;
using Sesame.Sample;

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
    private const string Secret = "bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q=";
    private const string Password = "demo-password";

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

    private async Task SetupAsync()
    {
        var server = new InProcessServer();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // MVC finds the sample's controllers and Razor Pages through the application name.
            ApplicationName = typeof(SampleApp).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?>
        {
            // what the load test sets, and the sample's appsettings.json
            ["AUTH_SECRET"] = Secret,
            ["AUTH_URL"] = "http://localhost:3000",
            ["DEMO_PASSWORD"] = Password,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            // the set-up's thousands of sign-ins would log a line each; a session read logs nothing at Information
            ["Logging:LogLevel:Sesame"] = "Warning",
            ["AllowedHosts"] = "*",
        };
        // after the sample's own demo and admin (entries 0 and 1 of its appsettings.json, copied to this output)
        for (var i = 0; i < Sessions; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var entry = $"DemoUsers:{(i + 2).ToString(CultureInfo.InvariantCulture)}:";
            settings[entry + "Username"] = "user" + n;
            settings[entry + "Id"] = (1000 + i).ToString(CultureInfo.InvariantCulture);
            settings[entry + "Name"] = "User " + n;
            settings[entry + "Email"] = $"u{n}@example.com";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseServer(server);
        _app = await SampleApp.BuildAsync(builder);
        await _app.StartAsync();
        _client = new BenchmarkClient(server, "localhost:3000");

        _cookies = new string[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            var jar = await _client.SignInAsync("/api/auth", "user" + i.ToString(CultureInfo.InvariantCulture), Password);
            _cookies[i] = jar.Header();

            // Fail loudly rather than measure a signed-out request, or one that mints a new CSRF cookie.
            var session = await _client.ExchangeAsync("GET", "/api/auth/session", _cookies[i]);
            if (session.Status != StatusCodes.Status200OK || !session.Body.Contains($"\"u{i}@example.com\"", StringComparison.Ordinal) ||
                session.SetCookies.Count != 0)
            {
                throw new InvalidOperationException(
                    $"GET /api/auth/session for user {i} answered {session.Status} {session.Body} and set {session.SetCookies.Count} cookies.");
            }
        }

        if (_cookies.Distinct(StringComparer.Ordinal).Count() != Sessions)
        {
            throw new InvalidOperationException("The sign-ins did not give distinct cookies.");
        }

        Console.WriteLine($"// {Sessions} distinct sessions signed in; Cookie header {_cookies[0].Length} characters");
    }
}
