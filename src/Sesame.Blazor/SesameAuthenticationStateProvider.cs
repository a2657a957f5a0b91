using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sesame.Blazor;

/// <summary>
/// Blazor's authentication state from the Sesame session. Static server rendering and the start of an interactive
/// server circuit take <c>HttpContext.User</c>, which the Sesame scheme set from the session. While a circuit lives,
/// its session is re-read every <see cref="SesameBlazorOptions.RevalidationInterval"/> through Sesame's own resolution
/// (the Sesame authentication scheme: token decode and expiry, the database row, the session callback) with the cookies of the request that opened the
/// circuit; when the session is gone or belongs to someone else, or <c>Access.ValidateUser</c> rejects the user, the
/// circuit becomes anonymous and <c>AuthorizeView</c> follows.
/// </summary>
internal sealed class SesameAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<SesameAuthenticationStateProvider> _logger;
    private readonly TimeSpan _interval;
    private readonly CircuitRequest? _request;

    public SesameAuthenticationStateProvider(
        IServiceScopeFactory scopes,
        IHttpContextAccessor httpContextAccessor,
        IOptions<SesameBlazorOptions> options,
        ILoggerFactory loggerFactory)
        : base(loggerFactory)
    {
        _scopes = scopes;
        _logger = loggerFactory.CreateLogger<SesameAuthenticationStateProvider>();
        _interval = options.Value.RevalidationInterval;

        // The circuit's services are created while the request that starts it (the /_blazor connection) runs.
        _request = CircuitRequest.From(httpContextAccessor.HttpContext);
    }

    protected override TimeSpan RevalidationInterval => _interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User, cancellationToken);

    /// <summary>Whether the circuit's <paramref name="user"/> still has its session; anonymous circuits always do.</summary>
    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        if (_request is null)
        {
            // Without the opening request's cookies nothing can be re-read; an unverifiable circuit is signed out.
            Log.NoCircuitRequest(_logger);
            return false;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var http = _request.ToHttpContext(scope.ServiceProvider, cancellationToken);
        // The same scheme that turned the opening request into the circuit's user (user.id, else the token's sub).
        var result = await http.AuthenticateAsync(SesameDefaults.AuthenticationScheme).ConfigureAwait(false);
        var expectedId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!result.Succeeded || !string.Equals(result.Principal.FindFirstValue(ClaimTypes.NameIdentifier), expectedId, StringComparison.Ordinal))
        {
            Log.CircuitSessionEnded(_logger, expectedId);
            return false;
        }

        if (scope.ServiceProvider.GetRequiredService<IOptions<SesameOptions>>().Value.Access.ValidateUser is not null &&
            !await http.ValidateUserAsync().ConfigureAwait(false))
        {
            Log.CircuitUserRejected(_logger, expectedId);
            return false;
        }

        return true;
    }
}
