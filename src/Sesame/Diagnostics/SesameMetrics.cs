using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sesame.Errors;
using Sesame.Sessions;

namespace Sesame.Diagnostics;

/// <summary>
/// Sesame's meters, created through the host's <see cref="IMeterFactory"/> (so tests and several hosts in one process
/// each see their own). Recording is a few nanoseconds and allocation-free when nothing listens; tags are low-cardinality
/// names only (provider id, strategy, outcome, error code).
/// </summary>
internal sealed class SesameMetrics
{
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _resolved;
    private readonly Counter<long> _revoked;
    private readonly Counter<long> _cookieWrites;
    private readonly Histogram<int> _cookieSize;
    private readonly Histogram<double> _storeDuration;
    private readonly Counter<long> _cacheLookups;
    private readonly string _strategy;

    public SesameMetrics(IMeterFactory meterFactory, SessionStrategy strategy)
    {
        var meter = meterFactory.Create(SesameDiagnostics.MeterName);
        _signIns = meter.CreateCounter<long>("sesame.sign_ins", "{sign_in}", "Sign-in attempts that reached a decision, by provider and result.");
        _resolved = meter.CreateCounter<long>("sesame.sessions.resolved", "{session}", "Session reads, by strategy and outcome.");
        _revoked = meter.CreateCounter<long>("sesame.sessions.revoked", "{session}", "Sessions ended by sign-out, revocation or a callback, by strategy and reason.");
        _cookieWrites = meter.CreateCounter<long>("sesame.session_cookie.writes", "{cookie}", "Session cookies issued or re-issued (sign-in, refresh, update), by whether they were chunked.");
        _cookieSize = meter.CreateHistogram<int>("sesame.session_cookie.size", "By", "Size of an issued session cookie value (all chunks).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [256, 512, 1024, 2048, 4096, 8192, 16384] });
        _storeDuration = meter.CreateHistogram<double>("sesame.store.duration", "s", "Duration of Sesame's store calls: the session read (session.read, jwt_session.check) and the writes of sign-in, refresh, sign-out, revocation and e-mail links (session.create, session.update, session.delete, user.create, account.link, verification_token.use, ...), by operation, and by error type when one failed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _cacheLookups = meter.CreateCounter<long>("sesame.session_cache.lookups", "{lookup}", "Database session reads answered from the session cache (hit) or the store (miss).");
        _strategy = strategy == SessionStrategy.Database ? "database" : "jwt";
    }

    /// <summary>A sign-in succeeded.</summary>
    public void SignedIn(string provider, string providerType) => SignIn(provider, providerType, "success", null);

    /// <summary>The <c>signIn</c> callback sent the user elsewhere (the app's own second step, say).</summary>
    public void SignInRedirected(string provider, string providerType) => SignIn(provider, providerType, "redirected", null);

    /// <summary>A sign-in was refused with <paramref name="error"/>.</summary>
    public void SignInFailed(string provider, string providerType, AuthErrorCode error) => SignIn(provider, providerType, "failure", error);

    private void SignIn(string provider, string providerType, string result, AuthErrorCode? error)
    {
        if (!_signIns.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "sesame.provider", provider },
            { "sesame.provider.type", providerType },
            { "sesame.result", result },
        };
        if (error is { } code)
        {
            tags.Add("error.type", AuthErrors.WireName(code));
        }

        _signIns.Add(1, tags);
    }

    /// <summary>A session read ended with <paramref name="outcome"/> (one of <see cref="SessionOutcomes"/>).</summary>
    public void SessionResolved(string outcome)
    {
        if (_resolved.Enabled)
        {
            _resolved.Add(1, new KeyValuePair<string, object?>("sesame.session.strategy", _strategy), new KeyValuePair<string, object?>("sesame.session.outcome", outcome));
        }
    }

    /// <summary><paramref name="count"/> sessions ended for <paramref name="reason"/> (sign_out, revoke, revoke_others, revoke_all, callback).</summary>
    public void Revoked(string reason, int count)
    {
        if (count > 0 && _revoked.Enabled)
        {
            _revoked.Add(count, new KeyValuePair<string, object?>("sesame.session.strategy", _strategy), new KeyValuePair<string, object?>("sesame.revocation.reason", reason));
        }
    }

    /// <summary>A timestamp to pass to <see cref="StoreCallEnded"/>; 0 (nothing measured) when nothing listens.</summary>
    public long StoreCallStarting() => _storeDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>A store call begun at <paramref name="started"/> ended, failed with <paramref name="error"/> when not null.</summary>
    public void StoreCallEnded(long started, string operation, Exception? error = null)
    {
        if (started == 0)
        {
            return;
        }

        var tags = new TagList { { "sesame.store.operation", operation } };
        if (error is not null)
        {
            tags.Add("error.type", error.GetType().FullName);
        }

        _storeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    /// <summary>
    /// Times a store write (sign-in, sign-out, refresh, revocation, e-mail tokens) with <see cref="StoreCallStarting"/>
    /// and <see cref="StoreCallEnded"/>. The per-request session read calls those two itself: this delegate and its
    /// state machine are an allocation that a write can afford and the read must not make.
    /// </summary>
    public async Task<T> StoreCallAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = StoreCallStarting();
        try
        {
            var result = await call().ConfigureAwait(false);
            StoreCallEnded(started, operation);
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            StoreCallEnded(started, operation, exception);
            throw;
        }
    }

    /// <summary>A store write without a result, timed as <see cref="StoreCallAsync{T}"/> times one.</summary>
    public Task StoreCallAsync(string operation, Func<Task> call) =>
        StoreCallAsync(operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });

    /// <summary>The session cache answered a read (<paramref name="hit"/>) or sent it to the store.</summary>
    public void SessionCacheLookup(bool hit)
    {
        if (_cacheLookups.Enabled)
        {
            _cacheLookups.Add(1, new KeyValuePair<string, object?>("sesame.cache.result", hit ? "hit" : "miss"));
        }
    }

    /// <summary>A session cookie of <paramref name="length"/> characters in <paramref name="chunkCount"/> chunks was written.</summary>
    public void CookieWritten(int length, int chunkCount)
    {
        if (_cookieWrites.Enabled)
        {
            _cookieWrites.Add(1, new KeyValuePair<string, object?>("sesame.cookie.chunked", chunkCount > 1));
        }

        if (_cookieSize.Enabled)
        {
            _cookieSize.Record(length);
        }
    }
}
