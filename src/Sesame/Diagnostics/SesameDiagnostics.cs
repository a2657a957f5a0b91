namespace Sesame.Diagnostics;

/// <summary>
/// The names under which Sesame reports to <c>System.Diagnostics</c>, for OpenTelemetry and <c>dotnet-counters</c>:
/// <c>builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(SesameDiagnostics.MeterName)).WithTracing(t =>
/// t.AddSource(SesameDiagnostics.ActivitySourceName))</c>. Instrument and tag names follow OpenTelemetry's conventions
/// (dotted lower case, <c>error.type</c> for failures); no instrument or tag ever carries a token, cookie or user id.
/// </summary>
public static class SesameDiagnostics
{
    /// <summary>The meter: <c>sesame.sign_ins</c>, <c>sesame.sessions.resolved</c>, <c>sesame.sessions.revoked</c>, <c>sesame.session_cookie.writes</c>, <c>sesame.session_cookie.size</c>, <c>sesame.store.duration</c> (store reads and writes, by operation), <c>sesame.session_cache.lookups</c>.</summary>
    public const string MeterName = "Sesame";

    /// <summary>The activity source: one activity per <c>/api/auth</c> request (<c>sesame.endpoint</c>) and per sign-in (<c>sesame.sign_in</c>).</summary>
    public const string ActivitySourceName = "Sesame";
}
