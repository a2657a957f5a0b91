using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Diagnostics;
using Sesame.Sessions.Pipeline;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Diagnostics;

/// <summary>
/// The meters and activities an operator sees after real sign-ins and session reads over HTTP. Meters are read from
/// this app's own <see cref="IMeterFactory"/> scope and activities from this test's own trace, so tests running in
/// parallel cannot make these pass or fail.
/// </summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Meters_AfterSignInsAndReads_CountByProviderResultStrategyAndOutcome()
    {
        await using var app = await TestApp.StartAsync();
        using var recorded = new RecordedMeasurements(app.Services.GetRequiredService<IMeterFactory>());
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice", "wrong-password"));
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await client.GetSessionAsync();
        var cookie = client.Cookies["next-auth.session-token"];
        client.SetCookie("next-auth.session-token", cookie[..^4] + "AAAA");
        await client.GetSessionAsync();
        client.RemoveCookie("next-auth.session-token");
        await client.GetSessionAsync();
        client.SetCookie("next-auth.session-token", cookie);
        var csrf = await client.GetCsrfTokenAsync();
        using var signOut = await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);

        Assert.Equal(1, recorded.Sum("sesame.sign_ins", ("sesame.provider", "credentials"), ("sesame.provider.type", "credentials"), ("sesame.result", "success")));
        Assert.Equal(1, recorded.Sum("sesame.sign_ins", ("sesame.result", "failure"), ("error.type", "CredentialsSignin")));
        Assert.Equal(1, recorded.Sum("sesame.sessions.resolved", ("sesame.session.strategy", "jwt"), ("sesame.session.outcome", "authenticated")));
        Assert.Equal(1, recorded.Sum("sesame.sessions.resolved", ("sesame.session.outcome", "invalid")));
        Assert.True(recorded.Sum("sesame.sessions.resolved", ("sesame.session.outcome", "none")) >= 1);
        Assert.Equal(1, recorded.Sum("sesame.sessions.revoked", ("sesame.revocation.reason", "sign_out")));
        Assert.Equal(1, recorded.Sum("sesame.session_cookie.writes", ("sesame.cookie.chunked", false)));
        var size = Assert.Single(recorded.Values("sesame.session_cookie.size"));
        Assert.Equal(cookie.Length, size);
        Assert.DoesNotContain(recorded.AllTagValues(), value => value.Contains(cookie[..20], StringComparison.Ordinal) || value.Contains("alice", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Meters_DatabaseStrategy_TagTheStrategyAndCountRevocations()
    {
        var memory = new Sesame.Testing.InMemorySesameStore();
        await using var app = await TestApp.StartAsync(
            options => options.Session.Strategy = Sesame.Sessions.SessionStrategy.Database,
            extend: sesame => sesame.AddInMemoryStores(memory));
        using var recorded = new RecordedMeasurements(app.Services.GetRequiredService<IMeterFactory>());
        using var first = app.CreateClient();
        using var second = app.CreateClient();
        await first.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await second.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await first.GetSessionAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<Sesame.Sessions.Pipeline.SesameSessionManager>();
            Assert.Equal(2, await manager.RevokeAllSessionsAsync(TestUsers.Alice.Id, CancellationToken.None));
        }

        await first.GetSessionAsync();

        Assert.Equal(1, recorded.Sum("sesame.sessions.resolved", ("sesame.session.strategy", "database"), ("sesame.session.outcome", "authenticated")));
        Assert.Equal(1, recorded.Sum("sesame.sessions.resolved", ("sesame.session.strategy", "database"), ("sesame.session.outcome", "invalid")));
        Assert.Equal(2, recorded.Sum("sesame.sessions.revoked", ("sesame.session.strategy", "database"), ("sesame.revocation.reason", "revoke_all")));
        Assert.Equal(2, recorded.Sum("sesame.sign_ins", ("sesame.result", "success")));
    }

    [Fact]
    public async Task Meters_StoreCallDurations_AndSessionCacheHitsAndMisses()
    {
        var memory = new Sesame.Testing.InMemorySesameStore();
        await using var app = await TestApp.StartAsync(
            options =>
            {
                options.Session.Strategy = Sesame.Sessions.SessionStrategy.Database;
                options.Session.Cache.Enabled = true;
            },
            extend: sesame => sesame.AddInMemoryStores(memory));
        using var recorded = new RecordedMeasurements(app.Services.GetRequiredService<IMeterFactory>());
        using var alice = app.CreateClient();
        await alice.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        for (var i = 0; i < 3; i++)
        {
            await alice.GetSessionAsync();
        }

        Assert.Equal(1, recorded.Sum("sesame.session_cache.lookups", ("sesame.cache.result", "miss")));
        Assert.Equal(2, recorded.Sum("sesame.session_cache.lookups", ("sesame.cache.result", "hit")));
        var reads = recorded.Values("sesame.store.duration", ("sesame.store.operation", "session.read")).ToList();
        Assert.Single(reads); // the miss: one store read, timed
        Assert.InRange(reads[0], 0, 5);
    }

    [Fact]
    public async Task Meters_DatabaseStrategySignInAndSignOut_TimeTheStoreWritesByOperation()
    {
        var memory = new Sesame.Testing.InMemorySesameStore();
        await using var app = await TestApp.StartAsync(
            options =>
            {
                options.Session.Strategy = Sesame.Sessions.SessionStrategy.Database;
                options.Session.UpdateAge = TimeSpan.Zero; // every read extends the session: one write to time
            },
            extend: sesame => sesame.AddInMemoryStores(memory));
        using var recorded = new RecordedMeasurements(app.Services.GetRequiredService<IMeterFactory>());
        using var alice = app.CreateClient();

        await alice.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await alice.GetSessionAsync();
        var csrf = await alice.GetCsrfTokenAsync();
        using var signOut = await alice.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // "sign out everywhere" with nothing left to end still times its write
            var manager = scope.ServiceProvider.GetRequiredService<Sesame.Sessions.Pipeline.SesameSessionManager>();
            Assert.Equal(0, await manager.RevokeAllSessionsAsync(TestUsers.Alice.Id, CancellationToken.None));
        }

        // the credentials user's row (the database strategy keeps one), the session row, its extension, its deletion at sign-out
        Assert.Equal(1, recorded.Count("sesame.store.duration", ("sesame.store.operation", "user.create")));
        Assert.Equal(1, recorded.Count("sesame.store.duration", ("sesame.store.operation", "session.create")));
        Assert.Equal(1, recorded.Count("sesame.store.duration", ("sesame.store.operation", "session.update")));
        Assert.Equal(1, recorded.Count("sesame.store.duration", ("sesame.store.operation", "session.delete")));
        Assert.Equal(1, recorded.Count("sesame.store.duration", ("sesame.store.operation", "session.delete_user_sessions")));
        Assert.All(recorded.Values("sesame.store.duration"), seconds => Assert.InRange(seconds, 0, 5));
        Assert.Empty(memory.Sessions);
    }

    [Fact]
    public async Task Activities_SignInAndSessionRead_AreChildrenOfTheCallersTrace()
    {
        await using var app = await TestApp.StartAsync();
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            // the hosting layer's request activity carries the caller's trace context to Sesame's
            ShouldListenTo = source => source.Name is SesameDiagnostics.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("Sesame.Tests.Diagnostics");
        using var testListener = new ActivityListener
        {
            ShouldListenTo = source => source == testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(testListener);
        using var client = app.CreateClient();

        ActivityTraceId trace;
        using (var root = testSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            await client.SignInWithCredentialsAsync(TestUsers.Form("alice", "wrong-password"));
            await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
            await client.GetSessionAsync();
        }

        var ours = stopped.Where(a => a.TraceId == trace && a.Source.Name == SesameDiagnostics.ActivitySourceName).ToList();
        var endpoints = ours.Where(a => a.OperationName == "sesame.endpoint").ToList();
        Assert.Contains(endpoints, a => (string?)a.GetTagItem("sesame.action") == "session" && a.DisplayName == "GET session");
        Assert.Equal(2, endpoints.Count(a => (string?)a.GetTagItem("sesame.action") == "callback" && (string?)a.GetTagItem("sesame.provider") == "credentials"));
        var signIn = Assert.Single(ours, a => a.OperationName == "sesame.sign_in");
        Assert.Equal("credentials", signIn.GetTagItem("sesame.provider"));
        Assert.Equal(ActivityStatusCode.Unset, signIn.Status);
        Assert.All(ours, a => Assert.DoesNotContain(a.TagObjects, tag => tag.Value is string text && text.Contains("alice", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Every measurement of the Sesame meter created by one host's meter factory.</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public RecordedMeasurements(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SesameDiagnostics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, object Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value)))).Sum(m => m.Value);

        public int Count(string instrument, params (string Key, object Value)[] tags) =>
            _measurements.Count(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value))));

        public IEnumerable<double> Values(string instrument, params (string Key, object Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value)))).Select(m => m.Value);

        public IEnumerable<string> AllTagValues() => _measurements.SelectMany(m => m.Tags).Select(tag => tag.Value?.ToString() ?? "");

        public void Dispose() => _listener.Dispose();
    }
}
