using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The real OpenID Connect provider of the OAuth tests: <c>tests/oidc/server.mjs</c> (oidc-provider 8.x) in a node
/// process on <c>http://127.0.0.1:{free port}</c>, which is also its issuer. Started on first use (so a collection whose
/// tests are all skipped starts nothing) and once per collection; ready when node logs that it listens. Clients register
/// themselves with <see cref="RegisterClientAsync"/>; the users are <c>alice</c>, <c>bob</c> and <c>carol</c>
/// (see the server's header for their claims).
/// </summary>
public sealed class OidcProviderServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new();
    private Process? _process;
    private Uri? _issuer;

    /// <summary>The issuer (the server's origin, no trailing slash in its string form).</summary>
    public Uri Issuer => _issuer ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>The issuer as the provider writes it in <c>iss</c>: <c>http://127.0.0.1:{port}</c>.</summary>
    public string IssuerString => Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>What node printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server unless it runs already.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is not null)
            {
                return;
            }

            if (Requirements.Missing(Requirement.OidcProvider) is { } missing)
            {
                throw new InvalidOperationException("The local OpenID Connect provider cannot start: " + missing);
            }

            // a free port can be taken by another test's server before node binds it: node then exits, and we try another
            for (var attempt = 1; ; attempt++)
            {
                if (await TryStartAsync())
                {
                    return;
                }

                if (attempt == 3)
                {
                    throw new InvalidOperationException("The local OpenID Connect provider did not start: " + Output);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> TryStartAsync()
    {
        var port = Interop.NextAuthReferenceServer.FreePort();
        var start = new ProcessStartInfo(Requirements.FindOnPath("node")!)
        {
            WorkingDirectory = Path.Combine(Requirements.RepositoryRoot, "tests", "oidc"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));

        var issuer = $"http://127.0.0.1:{port}";
        var listening = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data?.Contains("oidc-provider listening on " + issuer, StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(true);
            }
        };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) => listening.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var finished = await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished == listening.Task && listening.Task.Result)
        {
            _process = process;
            _issuer = new Uri(issuer);
            return true;
        }

        await StopAsync(process);
        return false;
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// Registers a confidential client (RFC 7591) for <paramref name="redirectUris"/> that authenticates at the token
    /// endpoint with <paramref name="tokenEndpointAuthMethod"/> (<c>client_secret_basic</c> or <c>client_secret_post</c>).
    /// </summary>
    public async Task<OidcClient> RegisterClientAsync(IEnumerable<string> redirectUris, string tokenEndpointAuthMethod = "client_secret_basic")
    {
        await StartAsync();
        var request = new JsonObject
        {
            ["redirect_uris"] = new JsonArray([.. redirectUris.Select(u => (JsonNode)u)]),
            ["token_endpoint_auth_method"] = tokenEndpointAuthMethod,
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
        };
        using var response = await _http.PostAsJsonAsync(new Uri(Issuer, "/reg"), request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Client registration answered {(int)response.StatusCode}: {body}");
        }

        var json = JsonNode.Parse(body)!;
        return new OidcClient((string)json["client_id"]!, (string)json["client_secret"]!);
    }

    /// <summary>The provider's counters: token requests, refresh-token grants asked for, code grants asked for.</summary>
    public async Task<OidcProviderStats> GetStatsAsync()
    {
        await StartAsync();
        var json = JsonNode.Parse(await _http.GetStringAsync(new Uri(Issuer, "/__test/stats")))!;
        return new OidcProviderStats((int)json["tokenRequests"]!, (int)json["refreshRequests"]!, (int)json["codeRequests"]!);
    }

    /// <summary>Sets how the token endpoint behaves: <c>normal</c>, <c>slow</c>, <c>down</c>, <c>unavailable</c>, <c>refuse-refresh</c>.</summary>
    public async Task SetTokenModeAsync(string mode, TimeSpan? delay = null)
    {
        await StartAsync();
        var query = "mode=" + Uri.EscapeDataString(mode)
            + (delay is { } d ? "&delayMs=" + ((int)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "");
        using var response = await _http.PostAsync(new Uri(Issuer, "/__test/token?" + query), null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Changes the signing keys: <c>rotate</c> (a new key signs, the old ones stay in the JWKS), <c>replace</c> (a new
    /// key signs and is the only one published) or <c>unpublished</c> (a new key signs, the JWKS does not show it).
    /// Returns the <c>kid</c> that now signs.
    /// </summary>
    public async Task<string> SetKeysAsync(string mode)
    {
        await StartAsync();
        using var response = await _http.PostAsync(new Uri(Issuer, "/__test/keys?mode=" + Uri.EscapeDataString(mode)), null);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["signingKid"]!;
    }

    /// <summary>Counters to zero, the token endpoint back to normal, the first signing key back.</summary>
    public async Task ResetAsync()
    {
        await StartAsync();
        using var response = await _http.PostAsync(new Uri(Issuer, "/__test/reset"), null);
        response.EnsureSuccessStatusCode();
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            await StopAsync(process);
        }

        _http.Dispose();
        _gate.Dispose();
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

/// <summary>A client registered at the <see cref="OidcProviderServer"/>.</summary>
public sealed record OidcClient(string ClientId, string ClientSecret);

/// <summary>What the <see cref="OidcProviderServer"/> counted.</summary>
public sealed record OidcProviderStats(int TokenRequests, int RefreshRequests, int CodeRequests);
