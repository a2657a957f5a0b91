using System.Net;
using System.Text.Json.Nodes;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Testing;
using Sesame.Tests.Sample;

namespace Sesame.StackExchangeRedis.Tests.Sample;

/// <summary>
/// Sample processes with <c>ConnectionStrings__Redis</c> set (database mode unless the fixture says JWT, which makes
/// JWT sessions revocable), over a redis-server of their own, all with one <c>AUTH_SECRET</c>: one instance or several
/// on their own ports, one app.
/// </summary>
public abstract class SampleOnRedis : IAsyncLifetime
{
    public const string Secret = "0FLOKMkSTLZ7Y4gktwxcn+U1FMpLG+Hpbb5WbOSTvYo="; // a strong one: a weak secret stops the sample outside Development

    private readonly List<SampleProcess> _apps = [];

    /// <summary>The Redis server (durable when the derived fixture asks, so that a restart keeps the sessions).</summary>
    public RedisServer Redis { get; }

    protected SampleOnRedis(bool durable = false) =>
        Redis = new RedisServer(() => Requirements.FindOnPath("redis-server"), durable);

    internal IReadOnlyList<SampleProcess> Apps => _apps;

    /// <summary>How many instances to start.</summary>
    protected virtual int Instances => 1;

    /// <summary>The session strategy (<c>Sesame__Session__Strategy</c>); <see langword="null"/> leaves the sample's default, JWT.</summary>
    protected virtual string? Strategy => "database";

    /// <summary>What is appended to the server's <c>host:port</c> in <c>ConnectionStrings__Redis</c>.</summary>
    protected virtual string ConnectionOptions => "";

    /// <summary>More environment variables for every instance.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>();

    /// <summary>Whether Redis runs when the apps start (else they start without it, and the test starts it).</summary>
    protected virtual bool RedisUpAtStart => true;

    public async Task InitializeAsync()
    {
        if (Requirements.FindOnPath("redis-server") is null)
        {
            throw new InvalidOperationException("redis-server is not installed: run scripts/install-prereqs.sh");
        }

        var endPoint = RedisUpAtStart ? await Redis.GetEndPointAsync() : Redis.EndPoint;
        for (var i = 0; i < Instances; i++)
        {
            var environment = new Dictionary<string, string?>(Environment)
            {
                ["AUTH_SECRET"] = Secret,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Sesame__Session__Strategy"] = Strategy,
                ["ConnectionStrings__Redis"] = endPoint + ConnectionOptions,
                // a SQLite file where the sample would put one: the test checks none is made
                ["ConnectionStrings__Sesame"] = $"Data Source={SqlitePath}",
            };
            var app = SampleProcess.Start(environment);
            _apps.Add(app);
            await app.WaitUntilReadyAsync();
        }
    }

    /// <summary>Where the sample would keep a SQLite database if it used one.</summary>
    public string SqlitePath { get; } = Path.Combine(Path.GetTempPath(), $"sesame-redis-sample-{Guid.NewGuid():N}.db");

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await Redis.DisposeAsync();
        File.Delete(SqlitePath);
    }

    /// <summary>A client of instance <paramref name="instance"/>.</summary>
    public SesameTestClient Client(int instance = 0) => new(_apps[instance].Address);

    /// <summary>The output of every instance, for failure messages.</summary>
    public string Output => string.Join("\n----\n", _apps.Select(a => a.Output));
}

/// <summary>Helpers over the sample's HTTP API.</summary>
internal static class SampleApi
{
    public static Task<HttpResponseMessage> SignInAsync(this SesameTestClient client, string user = "demo") =>
        client.SignInWithCredentialsAsync([new("username", user), new("password", "demo-password")]);

    /// <summary>The id of the client's own session, from its device list.</summary>
    public static async Task<string> CurrentSessionIdAsync(this SesameTestClient client)
    {
        using var response = await client.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        return list.Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();
    }

    /// <summary>The ids in the client's device list.</summary>
    public static async Task<List<string>> SessionIdsAsync(this SesameTestClient client)
    {
        using var response = await client.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(s => s!["id"]!.GetValue<string>())];
    }

    public static async Task<HttpResponseMessage> RevokeAsync(this SesameTestClient client, string sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{sessionId}");
        request.Headers.Add("X-CSRF-Token", await client.GetCsrfTokenAsync());
        return await client.SendAsync(request);
    }

    /// <summary>
    /// Asks <paramref name="path"/> until it answers <paramref name="expected"/> (every answer before it must be
    /// <paramref name="meanwhile"/> when given); fails once <paramref name="within"/> has passed. How long it took, and how many requests.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, int Requests)> WaitForStatusAsync(this SesameTestClient client, string path, HttpStatusCode expected, TimeSpan within, HttpStatusCode? meanwhile = null)
    {
        var since = System.Diagnostics.Stopwatch.StartNew();
        var requests = 0;
        while (true)
        {
            requests++;
            using var response = await client.GetAsync(path);
            if (response.StatusCode == expected)
            {
                return (since.Elapsed, requests);
            }

            if (meanwhile is { } status)
            {
                Assert.Equal(status, response.StatusCode);
            }

            Assert.True(since.Elapsed < within, $"{path} still answers {(int)response.StatusCode} after {since.Elapsed.TotalMilliseconds:F0} ms");
            await Task.Delay(20);
        }
    }

    /// <summary>A client of another instance holding the same cookies (the same browser behind a load balancer).</summary>
    public static SesameTestClient SameBrowserOn(this SesameTestClient client, SesameTestClient other)
    {
        foreach (var (name, value) in client.Cookies)
        {
            other.SetCookie(name, value);
        }

        return other;
    }
}
