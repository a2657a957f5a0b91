using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Protocols;
using Sesame.Providers.OAuth;

namespace Sesame.Tests.OAuth;

/// <summary>
/// How often <see cref="RefreshingConfigurationManager"/> fetches: once until the automatic refresh is due, again right
/// after a requested refresh (the unknown-kid case), at most once per refresh interval however often one is requested,
/// and a failed fetch keeps the last document.
/// </summary>
public sealed class RefreshingConfigurationManagerTests
{
    private const string Address = "https://issuer.example/.well-known/openid-configuration";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountingRetriever _retriever = new();

    private RefreshingConfigurationManager Manager() =>
        new(Address, _retriever, _time, TimeSpan.FromHours(12), TimeSpan.FromMinutes(5), "oidc", NullLogger.Instance);

    [Fact]
    public async Task RequestedRefresh_FetchesBeforeTheNextAnswer_AtMostOncePerInterval()
    {
        var manager = Manager();
        Assert.Equal("https://issuer.example/1", (await manager.GetConfigurationAsync(default)).Issuer);
        Assert.Equal("https://issuer.example/1", (await manager.GetConfigurationAsync(default)).Issuer);

        manager.RequestRefresh();
        Assert.Equal("https://issuer.example/2", (await manager.GetConfigurationAsync(default)).Issuer);

        // a second request within the interval (a token with a made-up kid) fetches nothing
        _time.Advance(TimeSpan.FromMinutes(1));
        manager.RequestRefresh();
        Assert.Equal("https://issuer.example/2", (await manager.GetConfigurationAsync(default)).Issuer);

        _time.Advance(TimeSpan.FromMinutes(5));
        manager.RequestRefresh();
        Assert.Equal("https://issuer.example/3", (await manager.GetConfigurationAsync(default)).Issuer);
        Assert.Equal(3, _retriever.Fetches);
    }

    [Fact]
    public async Task AutomaticRefresh_AfterItsInterval_AndAFailedFetch_KeepsTheLastDocument()
    {
        var manager = Manager();
        await manager.GetConfigurationAsync(default);

        _time.Advance(TimeSpan.FromHours(12));
        _retriever.Fail = true;
        Assert.Equal("https://issuer.example/1", (await manager.GetConfigurationAsync(default)).Issuer);

        // the failure is not retried on every request, but after the refresh interval
        Assert.Equal("https://issuer.example/1", (await manager.GetConfigurationAsync(default)).Issuer);
        _retriever.Fail = false;
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("https://issuer.example/3", (await manager.GetConfigurationAsync(default)).Issuer);
    }

    /// <summary>Serves a discovery document whose issuer counts the fetches (the JWKS is empty).</summary>
    private sealed class CountingRetriever : IDocumentRetriever
    {
        public int Fetches { get; private set; }

        public bool Fail { get; set; }

        public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
        {
            if (address == Address)
            {
                Fetches++;
                if (Fail)
                {
                    throw new IOException("the issuer is down");
                }

                return Task.FromResult($$"""{"issuer":"https://issuer.example/{{Fetches}}","jwks_uri":"https://issuer.example/jwks"}""");
            }

            return Task.FromResult("""{"keys":[]}""");
        }
    }
}
