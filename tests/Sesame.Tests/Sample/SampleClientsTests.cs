using System.Net;

namespace Sesame.Tests.Sample;

/// <summary>The sample as on a fresh machine where the React SPA was never built (Sample:SpaDist names an empty folder).</summary>
public sealed class SampleWithoutSpaFixture : IAsyncLifetime
{
    private readonly string _emptyDist = Directory.CreateTempSubdirectory("sesame-no-spa-").FullName;

    internal SampleProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "hJqi7VNlMCzhfisABNoywit9M+cRTse+3tprp7BZm7A=",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Sample__SpaDist"] = _emptyDist,
        });
        await App.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(_emptyDist, recursive: true);
    }
}

/// <summary>The browser clients' files as the sample serves them (their behaviour: tests/Sesame.Tests/Browser).</summary>
public sealed class SampleClientsTests(SampleWithoutSpaFixture fixture) : IClassFixture<SampleWithoutSpaFixture>
{
    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.Address };

    [Fact]
    public async Task SesameJs_IsServedAsAStaticWebAssetOfThePackage()
    {
        using var client = Client();

        using var script = await client.GetAsync("/_content/Sesame/sesame.js");
        using var types = await client.GetAsync("/_content/Sesame/sesame.d.ts");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("export class SesameClient", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, types.StatusCode);
        Assert.Equal("application/typescript", types.Content.Headers.ContentType?.MediaType);
        Assert.Contains("export declare class SesameClient", await types.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_WithoutSlash_RedirectsToThePage()
    {
        using var client = Client();

        using var bare = await client.GetAsync("/client");
        using var page = await client.GetAsync("/client/");

        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/client/", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/_content/Sesame/sesame.js", await (await client.GetAsync("/client/client.js")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spa_NotBuilt_SaysHowToBuildIt()
    {
        using var client = Client();

        using var response = await client.GetAsync("/spa/protected");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("The React SPA is not built", body, StringComparison.Ordinal);
        Assert.Contains("npm ci &amp;&amp; npm run build", body, StringComparison.Ordinal);
    }
}
