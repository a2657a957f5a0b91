using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Sesame.Benchmarks.Infrastructure;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Sesame.Benchmarks.Sessions;

/// <summary>
/// One session read by the JWT strategy, as <c>GET /session</c> does it (cookies may be written, the session event fires):
/// reassemble the cookie, decode, run the callbacks, build the session, and re-encrypt only when the token is due.
/// Each operation gets a new <see cref="HttpContext"/> whose cookie header is parsed afresh, as a request's is;
/// <c>NewContext</c> is that part alone.
/// </summary>
/// <remarks>
/// <b>Callbacks</b>: <c>None</c> (next-auth's defaults), or <c>Sample</c> (the sample's: a <c>jwt</c> callback that leaves
/// a read token alone, a <c>session</c> callback that copies <c>id</c>, <c>role</c> and <c>department</c> into the
/// session user). <b>Due</b>: whether <c>updateAge</c> (1 day) has passed since the token was issued, so the read
/// re-encrypts it and writes the cookie. <b>Revocable</b>: <c>Jwt.Revocable</c> with the in-memory store, so the read
/// also checks the token's session against the revocation cache (the store answers once per check interval).
/// </remarks>
[MemoryDiagnoser]
public class JwtSessionStrategyBenchmarks
{
    private const string Secret = "bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q=";

    private ServiceProvider _services = null!;
    private SessionPipeline _strategy = null!;
    private string _cookie = null!;

    [Params("None", "Sample")]
    public string Callbacks { get; set; } = "None";

    [Params(false, true)]
    public bool Due { get; set; }

    [Params(false, true)]
    public bool Revocable { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(Due ? now - TimeSpan.FromDays(2) : now - TimeSpan.FromMinutes(5));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(clock);
        var sesame = services.AddSesame(options =>
        {
            options.Secrets.Add(Secret);
            options.Url = new Uri("http://localhost:3000");
            if (Callbacks == "Sample")
            {
                options.Callbacks.OnJwt = SampleJwt;
                options.Callbacks.OnSession = SampleSession;
            }
        });
        if (Revocable)
        {
            sesame.AddInMemorySessionRevocation();
        }

        _services = services.BuildServiceProvider();
        _strategy = _services.GetRequiredService<SessionPipeline>();

        var claims = new JwtClaims { Subject = "1", Name = "Demo User", Email = "demo@example.com" };
        claims.Set("id", "1");
        claims.Set("role", "admin");
        if (Revocable)
        {
            claims.Set("sid", "benchmark-session");
            _services.GetRequiredService<Sesame.Sessions.Revocation.ISessionRevocationStore>().RegisterAsync(new Sesame.Stores.SesameSession
            {
                Id = "benchmark-session", SessionKey = "", UserId = "1", Expires = now + TimeSpan.FromDays(30),
            }, CancellationToken.None).GetAwaiter().GetResult();
        }

        _cookie = "next-auth.session-token=" + _services.GetRequiredService<IJwtCodec>().Encode(claims, TimeSpan.FromDays(30), "");
        clock.Now = now;

        var context = NewContext();
        var result = _strategy.ReadAsync(context, Read, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var refreshed = context.Response.Headers.SetCookie.Count;
        if (result.Session?.User.Email != "demo@example.com" || refreshed != (Due ? 1 : 0))
        {
            throw new InvalidOperationException($"The benchmark read gave {result.Session?.User.Email ?? "no session"} and {refreshed} cookies.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    private static SessionRead Read => new(JwtTrigger.None, null, WriteCookies: true, FireEvent: true);

    [Benchmark(Baseline = true)]
    public HttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[HeaderNames.Cookie] = _cookie;
        _ = context.Request.Cookies.Count;
        return context;
    }

    [Benchmark]
    public Session? ReadAsync()
    {
        // the JWT strategy completes synchronously (the callbacks do here); waiting is only the general case
        var pending = _strategy.ReadAsync(NewContext(), Read, CancellationToken.None);
        return (pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult()).Session;
    }

    // The sample's callbacks (samples/Sesame.Sample/SampleApp.cs), as they run on a session read.
    private static Task SampleJwt(JwtContext context)
    {
        if (context.User is { } user)
        {
            context.Token.Set("id", user.Id);
        }

        return Task.CompletedTask;
    }

    private static Task SampleSession(SessionContext context)
    {
        if (context.Token is { } token)
        {
            context.Session.User.Id = token.GetString("id");
            foreach (var field in (string[])["role", "department"])
            {
                if (token.GetString(field) is { } value)
                {
                    context.Session.User.Set(field, JsonValue.Create(value));
                }
            }
        }

        return Task.CompletedTask;
    }
}
