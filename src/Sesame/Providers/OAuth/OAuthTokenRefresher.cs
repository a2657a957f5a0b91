using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Logging;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>
/// Refreshes an expired access token of an OpenID Connect provider (<c>grant_type=refresh_token</c> at its token endpoint,
/// with the provider's client authentication and backchannel), at most once at a time per refresh token: concurrent
/// requests of one session share one call to the provider, and for a short while after it the requests still carrying
/// the old refresh token get the same answer (a provider that rotates refresh tokens would refuse the old one). Use it
/// from the <c>jwt</c> callback (JWT sessions) or wherever the app reads the account's tokens (database sessions), and
/// store the returned (possibly rotated) refresh token. Resolve it from DI.
/// </summary>
public sealed class OAuthTokenRefresher
{
    // long enough for the requests that left the browser before the first refreshed cookie came back
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<OpenIdConnectOptions> _oidcOptions;
    private readonly SesameSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal OAuthTokenRefresher(IOptionsMonitor<OpenIdConnectOptions> oidcOptions, SesameSettings settings, TimeProvider time, ILogger<OAuthTokenRefresher> logger)
    {
        (_oidcOptions, _settings, _time, _logger) = (oidcOptions, settings, time, logger);
    }

    /// <summary>
    /// A new access token for <paramref name="refreshToken"/> from provider <paramref name="providerId"/>. A refusal or
    /// an unreachable provider is a result with <see cref="OAuthTokenRefreshResult.RefreshAccessTokenError"/>, not an exception.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="providerId"/> is not an OpenID Connect provider of this app.</exception>
    public Task<OAuthTokenRefreshResult> RefreshAsync(string providerId, string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerId);
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        if (_settings.FindProvider(providerId) is not OAuthProvider provider)
        {
            throw new InvalidOperationException($"'{providerId}' is not an OAuth provider of this app.");
        }

        var now = _time.GetUtcNow();
        foreach (var (key, old) in _flights)
        {
            if (old.Task.IsValueCreated && old.Task.Value.IsCompleted && now - old.Started > Grace)
            {
                _flights.TryRemove(new KeyValuePair<string, Flight>(key, old));
            }
        }

        // GetOrAdd may run the factory on several threads at once: the Lazy makes the call to the provider happen once
        var flight = _flights.GetOrAdd(providerId + "\n" + refreshToken, static (_, state) =>
            new Flight(state.now, new Lazy<Task<OAuthTokenRefreshResult>>(() => state.self.RefreshOnceAsync(state.provider, state.refreshToken))),
            (self: this, provider, refreshToken, now));
        // one caller giving up does not cancel the refresh the others wait for
        return flight.Task.Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Database sessions: refreshes the access token of <paramref name="account"/> (one of
    /// <see cref="IAccountStore.GetUserAccountsAsync"/>) with its refresh token, as <see cref="RefreshAsync"/> does, and
    /// on success writes the new access token, the (possibly rotated) refresh token, <c>expires_at</c> and a new ID token
    /// back to the account row through <paramref name="accounts"/>, so the next request reads them there. A refusal
    /// leaves the row as it was and is a result with <see cref="OAuthTokenRefreshResult.RefreshAccessTokenError"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The account has no refresh token, or its provider is not an OpenID Connect provider of this app.</exception>
    public async Task<OAuthTokenRefreshResult> RefreshAccountAsync(SesameAccount account, IAccountStore accounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(accounts);
        if (string.IsNullOrEmpty(account.RefreshToken))
        {
            throw new InvalidOperationException($"The account of provider '{account.Provider}' has no refresh token to refresh with.");
        }

        var result = await RefreshAsync(account.Provider, account.RefreshToken, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            // concurrent callers of one account write the same tokens: the last write is as good as the first
            await accounts.UpdateAccountTokensAsync(account with
            {
                AccessToken = result.AccessToken,
                RefreshToken = result.RefreshToken,
                ExpiresAt = result.ExpiresAt,
                IdToken = result.IdToken ?? account.IdToken,
            }, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<OAuthTokenRefreshResult> RefreshOnceAsync(OAuthProvider provider, string refreshToken)
    {
        try
        {
            var options = _oidcOptions.Get(provider.SchemeName);
            if (options.ConfigurationManager is null || options.Backchannel is null)
            {
                throw new InvalidOperationException($"Provider '{provider.Id}' is not an OpenID Connect provider: refreshing needs its token endpoint.");
            }

            var configuration = await options.ConfigurationManager.GetConfigurationAsync(CancellationToken.None).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["client_id"] = options.ClientId ?? "",
                    ["client_secret"] = options.ClientSecret ?? "",
                }),
            };
            using var response = await options.Backchannel.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false));
            var root = body.RootElement;
            if (!response.IsSuccessStatusCode || String(root, "access_token") is not { } accessToken)
            {
                Log.TokenRefreshRefused(_logger, provider.Id, (int)response.StatusCode, String(root, "error") ?? "");
                return Failed();
            }

            long? expiresAt = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt64(out var seconds)
                ? _time.GetUtcNow().ToUnixTimeSeconds() + seconds
                : null;
            return new OAuthTokenRefreshResult
            {
                Succeeded = true,
                AccessToken = accessToken,
                RefreshToken = String(root, "refresh_token") ?? refreshToken,
                ExpiresAt = expiresAt,
                IdToken = String(root, "id_token"),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            Log.TokenRefreshFailed(_logger, exception, provider.Id);
            return Failed();
        }
    }

    private static OAuthTokenRefreshResult Failed() => new() { Succeeded = false, Error = OAuthTokenRefreshResult.RefreshAccessTokenError };

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Flight(DateTimeOffset Started, Lazy<Task<OAuthTokenRefreshResult>> Task);
}
