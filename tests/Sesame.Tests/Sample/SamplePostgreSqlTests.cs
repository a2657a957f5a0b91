using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Sesame.EntityFrameworkCore.Tests.PostgreSql;
using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>The sample in database mode on a real PostgreSQL server (<c>Sesame__Database__Provider=postgresql</c>).</summary>
public sealed class SamplePostgreSqlFixture : IAsyncLifetime
{
    private readonly PostgreSqlServer _server = new();

    internal SampleProcess? App { get; private set; }

    internal string? ConnectionString { get; private set; }

    public async Task InitializeAsync()
    {
        if (Requirements.Missing(Requirement.PostgreSql) is not null)
        {
            return; // the tests say why (skipped locally, failing in CI)
        }

        ConnectionString = await _server.GetDatabaseAsync("sample", _ => Task.CompletedTask);
        App = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "3tpF96TO/GcWsBR8mx2xiu5VpcoRsfStAuq/OZySJk4=",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Sesame__Session__Strategy"] = "database",
            ["Sesame__Database__Provider"] = "postgresql",
            ["ConnectionStrings__Sesame"] = ConnectionString,
        });
        await App.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await _server.DisposeAsync();
    }
}

public sealed class SamplePostgreSqlTests(SamplePostgreSqlFixture fixture) : IClassFixture<SamplePostgreSqlFixture>
{
    [RequiresFact(Requirement.PostgreSql)]
    public async Task SignInSessionAdminAndRevocation_WorkOnPostgreSql()
    {
        using var admin = new SesameTestClient(fixture.App!.Address);
        using var demo = new SesameTestClient(fixture.App.Address);

        await admin.SignInWithCredentialsAsync([new("username", "admin"), new("password", "demo-password")]);
        await demo.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        var session = (await admin.GetSessionAsync())!;
        using var adminApi = await admin.GetAsync("/api/admin");
        using var demoApi = await demo.GetAsync("/api/admin");
        var rows = await CountSessionRowsAsync();
        var csrf = await admin.GetCsrfTokenAsync();
        using var revokeAll = await admin.PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", csrf)]);
        using var adminAfter = await admin.GetAsync("/api/me");
        using var demoAfter = await demo.GetAsync("/api/me");

        Assert.Equal("admin", session["user"]!["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, adminApi.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, demoApi.StatusCode);
        Assert.Equal(2, rows);
        Assert.Equal(1, JsonNode.Parse(await revokeAll.Content.ReadAsStringAsync())!["revoked"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, adminAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, demoAfter.StatusCode);
    }

    private async Task<long> CountSessionRowsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"Session\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
