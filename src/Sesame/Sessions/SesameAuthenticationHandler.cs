using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Sesame.Access;

namespace Sesame.Sessions;

/// <summary>
/// The <see cref="SesameDefaults.AuthenticationScheme"/> scheme: authenticates a request from its session (through the
/// same once-per-request resolution as <c>GetSessionAsync()</c>), and challenges or forbids per kind of caller.
/// Implements <see cref="IAuthenticationHandler"/> directly: it needs no per-scheme options, events or forwarding, and
/// runs on every request, so it stays a few fields and no per-request allocation beyond the result.
/// </summary>
internal sealed class SesameAuthenticationHandler(SessionResolver resolver, AccessResponses responses) : IAuthenticationHandler
{
    private HttpContext? _httpContext;

    private HttpContext HttpContext => _httpContext ?? throw new InvalidOperationException("The handler was not initialized.");

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _httpContext = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync()
    {
        var httpContext = HttpContext;
        // Sesame's endpoints read the session themselves (with the session event and update trigger); reading it here
        // too would decode twice and could write the cookie twice.
        return resolver.IsAuthEndpoint(httpContext.Request)
            ? Task.FromResult(AuthenticateResult.NoResult())
            : resolver.AuthenticateAsync(httpContext);
    }

    public Task ChallengeAsync(AuthenticationProperties? properties) =>
        responses.ChallengeAsync(HttpContext, properties?.RedirectUri, StatusCodes.Status302Found);

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        var httpContext = HttpContext;
        // A user whom re-validation found gone no longer has a session worth the name: ask them to sign in again.
        return httpContext.Features.Get<SessionFeature>() is { UserRejected: true }
            ? responses.ChallengeAsync(httpContext, properties?.RedirectUri, StatusCodes.Status302Found)
            : responses.ForbidAsync(httpContext, StatusCodes.Status302Found);
    }
}
