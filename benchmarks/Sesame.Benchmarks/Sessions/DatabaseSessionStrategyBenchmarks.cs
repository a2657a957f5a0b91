using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Sesame.Benchmarks.Infrastructure;
using Sesame.Events;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.Benchmarks.Sessions;

/// <summary>
/// One session read by the database strategy, as <c>GET /session</c> does it, without a database: the sessions sit in
/// the in-memory store (its answers complete at once), so what is measured is Sesame's own share of a read — the
/// cookie, the token's key, the session cache, the callbacks, the session built. 1,000 distinct users take turns, as
/// in <see cref="ScaleOut.ScaleOutSessionBenchmarks"/>, so a cache hit is a hit on one of many entries, not a memo of
/// one. <c>KeyOf</c> is the token's SHA-256 alone (the store and the cache key a row by it).
/// </summary>
/// <remarks>
/// <b>Cached</b>: the session cache on (every read after the first is a hit) or off (every read asks the store).
/// <b>Callbacks</b>: none, or the sample's database-mode session callback (id, role and department on the user).
/// </remarks>
[MemoryDiagnoser]
public class DatabaseSessionStrategyBenchmarks
{
    private const string Secret = "bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q=";
    private const int Sessions = 1_000;

    private ServiceProvider _services = null!;
    private SessionPipeline _pipeline = null!;
    private string[] _cookies = null!;
    private string _token = null!;
    private int _next;

    [Params(false, true)]
    public bool Cached { get; set; }

    [Params("None", "Sample")]
    public string Callbacks { get; set; } = "None";

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(now);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(clock);
        var store = new InMemorySesameStore();
        services.AddSesame(options =>
        {
            options.Secrets.Add(Secret);
            options.Url = new Uri("http://localhost:3000");
            options.Session.Strategy = SessionStrategy.Database;
            // the clock stands still, so an entry outlives the run and every measured read is a hit (the misses' cost
            // is the store's, measured in ScaleOutSessionBenchmarks)
            options.Session.Cache.Enabled = Cached;
            if (Callbacks == "Sample")
            {
                options.Callbacks.OnSession = SampleSession;
            }
        }).AddInMemoryStores(store);

        _services = services.BuildServiceProvider();
        _pipeline = _services.GetRequiredService<SessionPipeline>();

        _cookies = new string[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            var user = store.CreateUserAsync(new SesameUser { Id = $"user-{i}", Name = $"User {i}", Email = $"user{i}@example.com" }, CancellationToken.None).GetAwaiter().GetResult();
            var token = SessionTokens.NewToken();
            store.CreateSessionAsync(new SesameSession
            {
                Id = $"session-{i}", SessionKey = SessionTokens.KeyOf(token, hash: true), UserId = user.Id,
                Expires = now + TimeSpan.FromDays(30), CreatedAt = now, LastSeenAt = now,
            }, CancellationToken.None).GetAwaiter().GetResult();
            _cookies[i] = "next-auth.session-token=" + token;
            _token = token;
        }

        for (var i = 0; i < Sessions; i++)
        {
            if (ReadAsync()?.User.Email is not { Length: > 0 })
            {
                throw new InvalidOperationException($"The benchmark read of session {i} found no session.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    private static SessionRead Read => new(JwtTrigger.None, null, WriteCookies: true, FireEvent: true);

    [Benchmark]
    public string KeyOf() => SessionTokens.KeyOf(_token, hash: true);

    [Benchmark]
    public Session? ReadAsync()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Headers[HeaderNames.Cookie] = _cookies[_next];
        _next = _next + 1 == _cookies.Length ? 0 : _next + 1;
        var pending = _pipeline.ReadAsync(context, Read, CancellationToken.None);
        return (pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult()).Session;
    }

    // The sample's database-mode session callback (samples/Sesame.Sample/SampleApp.cs): the id from the user row, the
    // role and department from the app's own records.
    private static Task SampleSession(SessionContext context)
    {
        if (context.User is { } user)
        {
            context.Session.User.Id = user.Id;
            context.Session.User.Set("role", JsonValue.Create("user"));
            context.Session.User.Set("department", JsonValue.Create("engineering"));
        }

        return Task.CompletedTask;
    }
}
