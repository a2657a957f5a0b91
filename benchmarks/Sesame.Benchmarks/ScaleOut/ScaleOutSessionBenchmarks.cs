using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Sesame.Benchmarks.Infrastructure;
using Sesame.StackExchangeRedis.Tests.Infrastructure;

namespace Sesame.Benchmarks.ScaleOut;

/// <summary>
/// Issue 12's side-by-side: the sample's in-process <c>GET /api/auth/session</c> with 1,000 distinct signed-in users
/// taking turns, in each way it can keep sessions: plain JWT; revocable JWT (registrations in a real redis-server, one
/// cached lookup per request); database sessions in SQLite, uncached and with the session cache; database sessions in
/// Redis. The targets: revocable JWT at least 80 % of plain JWT's throughput, cached database sessions at least 70 %.
/// </summary>
[MemoryDiagnoser]
public class ScaleOutSessionBenchmarks
{
    private const int Sessions = 1_000;
    private readonly RedisServer _redis = new();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-bench-scaleout-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private BenchmarkClient _client = null!;
    private string[] _cookies = null!;
    private int _next;

    [Params("jwt", "jwt-revocable", "db-sqlite", "db-sqlite-cached", "db-redis")]
    public string Mode { get; set; } = "jwt";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis.DisposeAsync().GetAwaiter().GetResult();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Each request the next user's cookies, round the 1,000 users.</summary>
    [Benchmark]
    public Task<int> DistinctSessions()
    {
        var cookie = _cookies[_next];
        _next = _next + 1 == _cookies.Length ? 0 : _next + 1;
        return _client.SendAsync("/api/auth/session", cookie);
    }

    private async Task SetupAsync()
    {
        var extra = new Dictionary<string, string?>();
        if (Mode is "jwt-revocable" or "db-redis")
        {
            extra["ConnectionStrings:Redis"] = await _redis.GetEndPointAsync();
        }

        if (Mode.StartsWith("db-", StringComparison.Ordinal))
        {
            extra["Sesame:Session:Strategy"] = "database";
        }

        if (Mode.StartsWith("db-sqlite", StringComparison.Ordinal))
        {
            extra["ConnectionStrings:Sesame"] = $"Data Source={_path}";
        }

        if (Mode == "db-sqlite-cached")
        {
            foreach (var (key, value) in CacheSettings)
            {
                extra[key] = value;
            }
        }

        (_app, _client, _cookies) = await SignedInSample.StartAsync(Sessions, extra);
    }

    /// <summary>The database session cache, as the sample's configuration turns it on.</summary>
    private static readonly Dictionary<string, string?> CacheSettings = new()
    {
        ["Sesame:Session:Cache:Enabled"] = "true",
    };
}
