using System.Net;
using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>
/// Two sample processes started at the same moment on one new SQLite file (issue 15 defect 7: one crashed with SIGABRT
/// in the schema-creation race): both start, and a session made on one is read on the other.
/// </summary>
public sealed class SampleSchemaRaceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-sample-race-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task TwoInstancesAtOnceOnANewFile_BothStartAndShareSessions()
    {
        var environment = new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "race0Bn1zQ3w5yLODNunIsDLS2nZus/HNzG/Vq29mfF=",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Sesame__Session__Strategy"] = "database",
            ["ConnectionStrings__Sesame"] = $"Data Source={_path}",
        };
        await using var first = SampleProcess.Start(environment);
        await using var second = SampleProcess.Start(environment);
        await Task.WhenAll(first.WaitUntilReadyAsync(), second.WaitUntilReadyAsync());

        using var client = new SesameTestClient(first.Address);
        await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        using var onSecond = new SesameTestClient(second.Address);
        onSecond.SetCookie("next-auth.session-token", client.Cookies["next-auth.session-token"]);

        using var me = await onSecond.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-journal", _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
