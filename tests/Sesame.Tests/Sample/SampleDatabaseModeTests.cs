namespace Sesame.Tests.Sample;

/// <summary>
/// The sample in database mode (<c>Sesame__Session__Strategy=database</c>) on a SQLite file of its own, with the
/// session cache on (<c>Sesame__Session__Cache__Enabled</c>): every promise of the contract holds with it (the Redis
/// database-mode tests run the same contract without it).
/// </summary>
public sealed class SampleDatabaseFixture : IAsyncLifetime
{
    internal string DatabasePath => _path;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-sample-{Guid.NewGuid():N}.db");

    internal SampleProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "aiCaEgYuO986P0t7fjGQpBfUZ/u2XmdKszDAh0ViSpc=",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Sesame__Session__Strategy"] = "database",
            ["ConnectionStrings__Sesame"] = $"Data Source={_path}",
            ["Sesame__Session__Cache__Enabled"] = "true",
        });
        await App.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        File.Delete(_path);
    }
}

public sealed class SampleDatabaseModeTests(SampleDatabaseFixture fixture) : SampleDatabaseModeContract, IClassFixture<SampleDatabaseFixture>
{
    protected override Uri Address => fixture.App.Address;

    [Fact]
    public async Task RevokeOthersAndAll_SessionSignedInLongAgo_AskToAuthenticateAgain()
    {
        // a cookie stolen long ago (still valid, but its sign-in is a day old) must not sign the real user's devices out
        using var thief = new Sesame.Testing.SesameTestClient(Address);
        using var owner = new Sesame.Testing.SesameTestClient(Address);
        await owner.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        await thief.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath}"))
        {
            await connection.OpenAsync();
            using var age = connection.CreateCommand();
            age.CommandText = """UPDATE "Session" SET "createdAt" = '2020-01-01 00:00:00' """;
            await age.ExecuteNonQueryAsync();
        }

        var csrf = await thief.GetCsrfTokenAsync();
        using var me = await thief.GetAsync("/api/me");
        using var revokeOthers = await thief.PostFormAsync("/api/sessions/revoke-others", [new("csrfToken", csrf)]);
        using var revokeAll = await thief.PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", csrf)]);
        using var ownerMe = await owner.GetAsync("/api/me");

        Assert.Equal(System.Net.HttpStatusCode.OK, me.StatusCode);
        foreach (var response in new[] { revokeOthers, revokeAll })
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error=\"insufficient_user_authentication\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Contains("max_age=\"900\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, ownerMe.StatusCode);

        // signing in again is what the challenge asks for, and then the action goes through
        await thief.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        using var fresh = await thief.PostFormAsync("/api/sessions/revoke-others", [new("csrfToken", await thief.GetCsrfTokenAsync())]);
        Assert.Equal(System.Net.HttpStatusCode.OK, fresh.StatusCode);
    }
}
