using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sesame.Diagnostics;

namespace Sesame.Sample;

/// <summary>
/// OpenTelemetry for the sample, only when asked: <c>Telemetry__Exporter=console</c> prints Sesame's metrics and traces
/// (with ASP.NET Core's) to the console; <c>otlp</c> sends them to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (a collector,
/// Aspire's dashboard, Jaeger). <c>Telemetry__MetricIntervalMilliseconds</c> sets how often metrics are exported.
/// </summary>
internal static class SampleTelemetry
{
    public static void Add(WebApplicationBuilder builder)
    {
        var exporter = builder.Configuration["Telemetry:Exporter"];
        if (string.IsNullOrEmpty(exporter))
        {
            return;
        }

        var otlp = string.Equals(exporter, "otlp", StringComparison.OrdinalIgnoreCase);
        if (!otlp && !string.Equals(exporter, "console", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Telemetry:Exporter must be 'console' or 'otlp'; got '{exporter}'.");
        }

        var interval = builder.Configuration.GetValue("Telemetry:MetricIntervalMilliseconds", 10_000);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("Sesame.Sample"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SesameDiagnostics.MeterName).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval);
                }
                else
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(SesameDiagnostics.ActivitySourceName).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
                else
                {
                    tracing.AddConsoleExporter();
                }
            });
    }
}
