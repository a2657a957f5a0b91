namespace Sesame.Tests.Sample;

/// <summary>The sample in database mode (<c>Sesame__Session__Strategy=database</c>) on a SQLite file of its own.</summary>
public sealed class SampleDatabaseFixture : IAsyncLifetime
{
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
}
