using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging;

namespace Sesame.Blazor.WebAssembly;

/// <summary>
/// Blazor WebAssembly's authentication state from the Sesame session. The first request for the state reads
/// <c>GET {BasePath}/session</c> on the app's origin (the browser sends the session cookie); from then on the session
/// is read again every <see cref="SesameWebAssemblyOptions.RevalidationInterval"/>, and a change (signed out, revoked,
/// expired, another user, new claims) is announced through <see cref="AuthenticationStateProvider.AuthenticationStateChanged"/>,
/// so <c>AuthorizeView</c> follows without a reload. A read that fails (offline, a 5xx, a body that is not the session)
/// keeps the last state, so a flaky network does not flash the user out, unless the last session's expiry has passed.
/// </summary>
public sealed class SesameWebAssemblyAuthenticationStateProvider : AuthenticationStateProvider, IDisposable
{
    private readonly IHttpClientFactory _clients;
    private readonly NavigationManager _navigation;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _sessionPath;
    private readonly string _roleField;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _reading = new(1, 1);
    private Task<AuthenticationState>? _state;
    private ClaimsPrincipal _user = SessionClaims.Anonymous;
    private ITimer? _timer;
    private int _disposedOnce;

    internal SesameWebAssemblyAuthenticationStateProvider(
        IHttpClientFactory clients,
        NavigationManager navigation,
        TimeProvider time,
        ILogger<SesameWebAssemblyAuthenticationStateProvider> logger,
        SesameWebAssemblyOptions options)
    {
        _clients = clients;
        _navigation = navigation;
        _time = time;
        _logger = logger;
        _sessionPath = options.BasePath.TrimEnd('/') + "/session";
        _roleField = options.RoleField;
        _interval = options.RevalidationInterval;
    }

    /// <summary>The session last read, or <see langword="null"/> when signed out or not read yet.</summary>
    public SesameSession? Session { get; private set; }

    /// <inheritdoc />
    public override Task<AuthenticationState> GetAuthenticationStateAsync()
    {
        lock (_gate)
        {
            if (_state is null)
            {
                // AuthorizeView shows its Authorizing content until this first read completes.
                _state = FirstReadAsync();
                _timer = _time.CreateTimer(static self => _ = ((SesameWebAssemblyAuthenticationStateProvider)self!).RevalidateAsync(), this, _interval, _interval);
            }

            return _state;
        }
    }

    /// <summary>
    /// Reads the session now (after the app changed it, say) and, when the state differs, notifies
    /// <see cref="AuthenticationStateProvider.AuthenticationStateChanged"/>. A failed read keeps the last state.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await _reading.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            var read = await ReadAsync(linked.Token).ConfigureAwait(false);
            var user = Apply(read);
            Task<AuthenticationState>? changed = null;
            lock (_gate)
            {
                if (_state is null || !SessionClaims.Same(user, _user))
                {
                    _user = user;
                    changed = Task.FromResult(new AuthenticationState(user));
                    _state = changed;
                }
            }

            if (changed is not null)
            {
                NotifyAuthenticationStateChanged(changed);
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>Stops the revalidation.</summary>
    public void Dispose()
    {
        // registered as itself and as AuthenticationStateProvider: the container disposes it through both
        if (Interlocked.Exchange(ref _disposedOnce, 1) == 1)
        {
            return;
        }

        _timer?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
        _reading.Dispose();
    }

    private async Task<AuthenticationState> FirstReadAsync()
    {
        await _reading.WaitAsync(_disposed.Token).ConfigureAwait(false);
        try
        {
            var user = Apply(await ReadAsync(_disposed.Token).ConfigureAwait(false));
            lock (_gate)
            {
                _user = user;
            }

            return new AuthenticationState(user);
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task RevalidateAsync()
    {
        try
        {
            await RefreshAsync(_disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // a tick that raced Dispose
        }
    }

    /// <summary>The user <paramref name="read"/> leaves the app with; a failed read keeps the last session while it has not expired.</summary>
    private ClaimsPrincipal Apply(SessionRead read)
    {
        var last = Session;
        switch (read.Status)
        {
            case SessionReadStatus.Found:
                Session = read.Session;
                break;
            case SessionReadStatus.None:
                if (last is not null)
                {
                    Log.SessionEnded(_logger, last.User?.Id);
                }

                Session = null;
                break;
            default:
                Log.SessionReadFailed(_logger, read.Failure!);
                if (last?.Expires is { } expires && expires <= _time.GetUtcNow())
                {
                    Log.SessionExpiredUnreachable(_logger, last.User?.Id);
                    Session = null;
                }

                break;
        }

        return SessionClaims.ToPrincipal(Session, _roleField);
    }

    private async Task<SessionRead> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var client = _clients.CreateClient(SesameWebAssemblyDefaults.HttpClientName);
            var uri = new Uri(new Uri(_navigation.BaseUri), _sessionPath);
            using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return SessionRead.Failed("HTTP " + (int)response.StatusCode);
            }

            var session = await response.Content.ReadFromJsonAsync(SessionJsonContext.Default.SesameSession, cancellationToken).ConfigureAwait(false);
            // next-auth's "no session" is {} (a null body too, from an older server)
            return session?.User is null ? SessionRead.None : SessionRead.Found(session);
        }
        catch (HttpRequestException e)
        {
            return SessionRead.Failed(e.HttpRequestError.ToString());
        }
        catch (JsonException)
        {
            return SessionRead.Failed("the response is not a session");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SessionRead.Failed("timed out");
        }
    }
}
