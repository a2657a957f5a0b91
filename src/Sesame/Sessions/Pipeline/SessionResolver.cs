using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Events;
using Sesame.Logging;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// The one per-request resolution of the session behind <c>GetSessionAsync()</c>, the authentication scheme and the route
/// protection: it reads through the <see cref="SessionPipeline"/> once, caches the result in a <see cref="SessionFeature"/>,
/// and builds the <see cref="ClaimsPrincipal"/> from it once.
/// </summary>
internal sealed class SessionResolver(SessionPipeline pipeline, SesameSettings settings, ILogger<SessionResolver> logger)
{
    /// <summary>"No session": one completed task for every request without one (the result is never changed by its readers).</summary>
    public static readonly Task<AuthenticateResult> NoResult = Task.FromResult(AuthenticateResult.NoResult());

    public SesameSettings Settings => settings;

    public SessionFeature Resolve(HttpContext httpContext)
    {
        if (httpContext.Features.Get<SessionFeature>() is { } feature)
        {
            return feature;
        }

        // Server-side reads refresh the cookie when it is due (as getServerSession does) but never fire the session event.
        var read = new SessionRead(JwtTrigger.None, null, WriteCookies: !httpContext.Response.HasStarted, FireEvent: false);
        Task<SessionReadResult> result;
        try
        {
            result = pipeline.ReadAsync(httpContext, read, httpContext.RequestAborted).AsTask();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            result = Task.FromException<SessionReadResult>(exception);
        }

        if (!result.IsCompletedSuccessfully)
        {
            result = GuardAsync(httpContext, result);
        }
        else if (result.Result.Session is not null)
        {
            // Whatever the app answers with a session behind it is that user's: no shared cache may keep it.
            Security.PrivateResponses.NoStore(httpContext.Response);
        }

        feature = new SessionFeature(result);
        httpContext.Features.Set(feature);
        return feature;
    }

    /// <summary>The request's user, or <see langword="null"/> without a session. Built once per request.</summary>
    public ClaimsPrincipal? PrincipalOf(SessionFeature feature, SessionReadResult result)
    {
        if (result.Session is null)
        {
            return null;
        }

        return feature.Principal ??= SessionPrincipal.Create(result, settings.Access.RoleField, SesameDefaults.AuthenticationScheme);
    }

    /// <summary>The authentication scheme's answer: the session's user, or no result. Computed once per request.</summary>
    public Task<AuthenticateResult> AuthenticateAsync(HttpContext httpContext)
    {
        var feature = Resolve(httpContext);
        if (feature.Authentication is { } cached)
        {
            return cached;
        }

        var authentication = !feature.Result.IsCompletedSuccessfully ? AuthenticateSlowAsync(feature)
            : PrincipalOf(feature, feature.Result.Result) is { } principal ? Task.FromResult(Success(principal))
            : NoResult;
        feature.Authentication = authentication;
        return authentication;
    }

    /// <summary>Whether the request goes to Sesame's own endpoints, which read the session themselves (with events and triggers).</summary>
    public bool IsAuthEndpoint(HttpRequest request) => request.Path.StartsWithSegments(settings.BasePath);

    private async Task<AuthenticateResult> AuthenticateSlowAsync(SessionFeature feature) =>
        ToAuthenticateResult(feature, await feature.Result.ConfigureAwait(false));

    private AuthenticateResult ToAuthenticateResult(SessionFeature feature, SessionReadResult result) =>
        PrincipalOf(feature, result) is { } principal ? Success(principal) : NoResult.Result;

    private static AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SesameDefaults.AuthenticationScheme));

    /// <summary>A session that cannot be read (a failing callback or store) is "no session", as <c>GET /session</c> answers; it is logged.</summary>
    private async Task<SessionReadResult> GuardAsync(HttpContext httpContext, Task<SessionReadResult> pending)
    {
        try
        {
            var result = await pending.ConfigureAwait(false);
            if (result.Session is not null)
            {
                Security.PrivateResponses.NoStore(httpContext.Response);
            }

            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SessionReadFailed(logger, exception);
            return SessionReadResult.None;
        }
    }
}
