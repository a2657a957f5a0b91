using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Sesame.Logging;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The discovery document and JWKS of an OpenID Connect provider, cached, for the handler and (through
/// <see cref="TokenValidationParameters.ConfigurationManager"/>) for the token handler. Unlike the stock
/// <see cref="ConfigurationManager{T}"/>, which refreshes in the background and hands out the old keys meanwhile, a
/// requested refresh here is fetched before the next answer: when the provider rotates its signing key, the token
/// handler finds the new <c>kid</c> missing, asks for a refresh and validates again in the same request, so the first
/// sign-in after a rotation succeeds. Requests for a refresh count at most once per <c>refreshInterval</c> (a flood of
/// tokens with made-up kids does not become a flood of JWKS fetches). One fetch at a time; a failed fetch keeps the
/// last document.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The semaphore never allocates a wait handle (only WaitAsync is used); the manager lives as long as the handler's options.")]
internal sealed class RefreshingConfigurationManager : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly string _address;
    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly TimeSpan _automaticRefresh;
    private readonly TimeSpan _refreshInterval;
    private readonly string _providerId;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private readonly Lock _requests = new();
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _syncAfter;
    private DateTimeOffset? _lastRequestedRefresh;

    public RefreshingConfigurationManager(string address, IDocumentRetriever retriever, TimeProvider time, TimeSpan automaticRefresh, TimeSpan refreshInterval, string providerId, ILogger logger)
    {
        (_address, _retriever, _time, _automaticRefresh, _refreshInterval, _providerId, _logger) = (address, retriever, time, automaticRefresh, refreshInterval, providerId, logger);
        MetadataAddress = address;
    }

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Volatile.Read(ref _current) is { } current && _time.GetUtcNow() < _syncAfter)
        {
            return current;
        }

        await _fetch.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            // another caller may have fetched while this one waited
            if (_current is { } fetched && _time.GetUtcNow() < _syncAfter)
            {
                return fetched;
            }

            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_address, _retriever, cancel).ConfigureAwait(false);
                Volatile.Write(ref _current, configuration);
                _syncAfter = _time.GetUtcNow() + _automaticRefresh;
                return configuration;
            }
            catch (Exception exception) when (_current is not null && exception is not OperationCanceledException)
            {
                Log.DiscoveryRefreshFailed(_logger, exception, _providerId);
                _syncAfter = _time.GetUtcNow() + _refreshInterval;
                return _current;
            }
        }
        finally
        {
            _fetch.Release();
        }
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) =>
        await GetConfigurationAsync(cancel).ConfigureAwait(false);

    public override void RequestRefresh()
    {
        var now = _time.GetUtcNow();
        lock (_requests)
        {
            if (_lastRequestedRefresh is { } last && now < last + _refreshInterval)
            {
                return;
            }

            _lastRequestedRefresh = now;
            _syncAfter = now;
        }
    }
}
