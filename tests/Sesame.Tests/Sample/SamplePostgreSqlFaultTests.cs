using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>
/// Issue 15, load and faults on PostgreSQL: the sample in database mode while readers poll the session, with its
/// database made read-only and then refusing every connection, and back. Reads of a valid session keep working while
/// the database can be read; writes fail with an answer, not a 500 (no sign-in, a sign-out that says it failed); while
/// it cannot be reached every read is "no session" (fail closed); a forged cookie is never signed in; once the database
/// is back, the same cookies read as signed in again without restarting the app.
/// </summary>
public sealed class SamplePostgreSqlFaultTests(SamplePostgreSqlFixture fixture) : IClassFixture<SamplePostgreSqlFixture>
{
    private const string Password = "demo-password";

    [RequiresFact(Requirement.PostgreSql)]
    public async Task ReadOnlyThenDown_UnderLoad_FailsClosed_AndRecoversWithoutARestart()
    {
        var address = fixture.App!.Address;
        using var demo = new SesameTestClient(address);
        await demo.SignInWithCredentialsAsync([new("username", "demo"), new("password", Password)]);
        Assert.NotNull(NameOf(await demo.GetSessionAsync()));
        var demoCookie = demo.Cookies["next-auth.session-token"];

        // readers polling all along: demo's cookie, and one that was never issued
        using var stop = new CancellationTokenSource();
        var answers = new ConcurrentBag<(HttpStatusCode Status, bool SignedIn, bool Forged)>();
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            using var client = new SesameTestClient(address);
            var forged = i == 3;
            while (!stop.IsCancellationRequested)
            {
                client.SetCookie("next-auth.session-token", forged ? "forged-" + Guid.NewGuid().ToString("N") : demoCookie);
                using var response = await client.GetAsync("/api/auth/session");
                var body = await response.Content.ReadAsStringAsync();
                answers.Add((response.StatusCode, body.Contains("\"user\"", StringComparison.Ordinal), forged));
            }
        })).ToArray();

        try
        {
            await Task.Delay(300);

            // read-only: the session can still be read; a sign-in cannot be written, a sign-out cannot delete
            await AdminAsync("ALTER DATABASE sample SET default_transaction_read_only = on");
            await TerminateSampleConnectionsAsync();
            await Task.Delay(300);
            Assert.NotNull(NameOf(await demo.GetSessionAsync()));
            using var admin = new SesameTestClient(address);
            using var signIn = await admin.SignInWithCredentialsAsync([new("username", "admin"), new("password", Password)]);
            Assert.NotEqual(HttpStatusCode.InternalServerError, signIn.StatusCode);
            Assert.False(admin.Cookies.ContainsKey("next-auth.session-token"), "signed in while the database could not be written");
            var csrf = await demo.GetCsrfTokenAsync();
            using var signOut = await demo.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signOut.StatusCode);
            Assert.NotNull(NameOf(await demo.GetSessionAsync()));

            // down: no connection at all
            await AdminAsync("ALTER DATABASE sample ALLOW_CONNECTIONS false");
            await TerminateSampleConnectionsAsync();
            await Task.Delay(300);
            Assert.Empty((await demo.GetSessionAsync())!.AsObject());
            demo.SetCookie("next-auth.session-token", demoCookie); // (a failed read keeps the cookie; set it again anyway)

            // back: the same cookie reads as signed in again, and a sign-in works, without restarting the sample
            await AdminAsync("ALTER DATABASE sample ALLOW_CONNECTIONS true");
            await AdminAsync("ALTER DATABASE sample SET default_transaction_read_only = off");
            await TerminateSampleConnectionsAsync();
            string? name = null;
            for (var attempt = 0; attempt < 50 && name is null; attempt++)
            {
                name = NameOf(await demo.GetSessionAsync());
                if (name is null)
                {
                    demo.SetCookie("next-auth.session-token", demoCookie);
                    await Task.Delay(100);
                }
            }

            Assert.NotNull(name);
            using var again = new SesameTestClient(address);
            await again.SignInWithCredentialsAsync([new("username", "admin"), new("password", Password)]);
            Assert.True(again.Cookies.ContainsKey("next-auth.session-token"), "no sign-in after the database came back");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            await AdminAsync("ALTER DATABASE sample ALLOW_CONNECTIONS true");
            await AdminAsync("ALTER DATABASE sample SET default_transaction_read_only = off");
        }

        Assert.True(answers.Count > 50, $"only {answers.Count} reads under load");
        Assert.DoesNotContain(answers, a => a.Status == HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(answers, a => a.Forged && a.SignedIn);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, a.Status.ToString()));
        Assert.Contains(answers, a => !a.Forged && a.SignedIn);
        Assert.Contains(answers, a => !a.Forged && !a.SignedIn); // the outage was seen, and read as signed out
    }

    private static string? NameOf(JsonNode? session) => session?["user"]?["name"]?.GetValue<string>();

    private async Task AdminAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task TerminateSampleConnectionsAsync() =>
        AdminAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'sample' AND pid <> pg_backend_pid()");
}
