using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>The sample wired to OpenTelemetry's console exporter: Sesame's meters and activities reach the exporter.</summary>
public sealed class SampleTelemetryTests
{
    [Fact]
    public async Task ConsoleExporter_AfterSignInAndRead_ExportsSesameMetricsAndActivities()
    {
        await using var app = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "0pP8kV3nXy5uQ1tW7rZ2bH9mC4dF6gJ0sL8aE3iO5vU=",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Telemetry__Exporter"] = "console",
            ["Telemetry__MetricIntervalMilliseconds"] = "500",
        });
        await app.WaitUntilReadyAsync();
        using var client = new SesameTestClient(app.Address);

        await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")], "/dashboard");
        await client.GetSessionAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(app.Output.Contains("sesame.sign_ins", StringComparison.Ordinal) && app.Output.Contains("sesame.sessions.resolved", StringComparison.Ordinal) && app.Output.Contains("sesame.action", StringComparison.Ordinal)))
        {
            await Task.Delay(200);
        }

        Assert.Contains("sesame.sign_ins", app.Output, StringComparison.Ordinal);
        Assert.Contains("sesame.sessions.resolved", app.Output, StringComparison.Ordinal);
        // the console exporter prints an activity's display name and tags ("GET session", sesame.action: session)
        Assert.Contains("sesame.action: session", app.Output, StringComparison.Ordinal);
        Assert.Contains("sesame.provider: credentials", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(client.Cookies["next-auth.session-token"][..24], app.Output, StringComparison.Ordinal);
    }
}
