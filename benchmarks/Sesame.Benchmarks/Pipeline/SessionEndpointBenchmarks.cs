using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sesame.Benchmarks.Infrastructure;
using Sesame.Sample;
using Sesame.Stores;

namespace Sesame.Benchmarks.Pipeline;

/// <summary>
/// <c>GET /api/auth/session</c> with a valid JWT session cookie, through an app's whole pipeline in-process (hosting,
/// routing, authentication, authorization, the sample's route protection, the endpoint), no sockets: what the load test
/// measures, less Kestrel's parsing and socket writes. Next to it, a constant small JSON endpoint in the same app, asked
/// without cookies so that no session is read: the bare-Kestrel ceiling of the load test within this app's pipeline, so
/// <c>GetSession − ConstantJson</c> is what Sesame adds.
/// </summary>
/// <remarks>
/// <para><b>Sample</b>: <c>samples/Sesame.Sample</c> as the load test runs it, with its demo users (its <c>jwt</c> and
/// <c>session</c> callbacks copy <c>id</c>, and <c>role</c> and <c>department</c> when a user has them; controllers,
/// Razor Pages, route protection, the default logging at the load test's levels).
/// <b>Minimal</b>: a slim app with <c>AddSesame</c>, one credentials provider, no callbacks, no logging.</para>
/// <para><b>Browser</b> sends the cookie jar a browser has after sign-in (session, CSRF and callback-url cookies): the
/// init step validates the CSRF cookie and sets nothing. <b>SessionOnly</b> sends only the session cookie: every response
/// mints a CSRF cookie and sets the callback-url cookie, as next-auth does.</para>
/// </remarks>
[MemoryDiagnoser]
public class SessionEndpointBenchmarks
{
    private const string Origin = "http://localhost:3000";
    private const string Secret = "bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q=";

    private WebApplication _app = null!;
    private BenchmarkClient _client = null!;
    private string _cookie = null!;

    [Params("Sample", "Minimal")]
    public string App { get; set; } = "Sample";

    [Params("Browser", "SessionOnly")]
    public string Cookies { get; set; } = "Browser";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "constant JSON, no cookie (ceiling)")]
    public Task<int> ConstantJson() => _client.SendAsync("/bench/constant", null);

    [Benchmark(Description = "GET /api/auth/session")]
    public Task<int> GetSession() => _client.SendAsync("/api/auth/session", _cookie);

    private async Task SetupAsync()
    {
        var server = new InProcessServer();
        _app = App == "Sample" ? await BuildSampleAsync(server) : BuildMinimal(server);
        var body = """{"status":"ok"}"""u8.ToArray();
        _app.MapGet("/bench/constant", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        await _app.StartAsync();

        _client = new BenchmarkClient(server, "localhost:3000");
        var jar = await _client.SignInAsync("/api/auth", "demo", "demo-password");
        _cookie = Cookies == "Browser" ? jar.Header() : jar.Header(name => name.EndsWith(".session-token", StringComparison.Ordinal));

        // Fail loudly rather than measure a signed-out or failing request.
        var session = await _client.ExchangeAsync("GET", "/api/auth/session", _cookie);
        if (session.Status != StatusCodes.Status200OK || !session.Body.Contains("demo@example.com", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET /api/auth/session answered {session.Status} {session.Body}");
        }

        var expectedCookies = Cookies == "Browser" ? 0 : 2;
        if (session.SetCookies.Count != expectedCookies)
        {
            throw new InvalidOperationException($"GET /api/auth/session set {session.SetCookies.Count} cookies ({session.SetCookies}); expected {expectedCookies}.");
        }

        Console.WriteLine($"// {App}/{Cookies}: Cookie header {_cookie.Length} characters; session body {session.Body}");
    }

    private static async Task<WebApplication> BuildSampleAsync(InProcessServer server)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // MVC finds the sample's controllers and Razor Pages through the application name.
            ApplicationName = typeof(SampleApp).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // what the load test sets, and the sample's appsettings.json
            ["AUTH_SECRET"] = Secret,
            ["AUTH_URL"] = Origin,
            ["DEMO_PASSWORD"] = "demo-password",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["AllowedHosts"] = "*",
            ["DemoUsers:0:Username"] = "demo",
            ["DemoUsers:0:Id"] = "1",
            ["DemoUsers:0:Name"] = "Demo User",
            ["DemoUsers:0:Email"] = "demo@example.com",
            ["DemoUsers:1:Username"] = "admin",
            ["DemoUsers:1:Id"] = "2",
            ["DemoUsers:1:Name"] = "Admin User",
            ["DemoUsers:1:Email"] = "admin@example.com",
            ["DemoUsers:1:Role"] = "admin",
        });
        builder.WebHost.UseServer(server);
        return await SampleApp.BuildAsync(builder);
    }

    private static WebApplication BuildMinimal(InProcessServer server)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseServer(server);
        builder.Services.AddSesame(options =>
        {
            options.Secrets.Add(Secret);
            options.Url = new Uri(Origin);
        }).AddCredentials(provider =>
        {
            provider.Authorize = context => Task.FromResult<SesameUser?>(context["username"] == "demo" && context["password"] == "demo-password"
                ? new SesameUser { Id = "1", Name = "Demo User", Email = "demo@example.com" }
                : null);
        });
        var app = builder.Build();
        app.MapSesame();
        return app;
    }
}
