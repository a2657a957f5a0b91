using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Sesame.Access;
using Sesame.Authorization;
using Sesame.Http;
using Sesame.Providers;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.SignIn;

namespace Sesame.Authentication;

/// <summary>
/// The <see cref="SesameDefaults.AuthenticationScheme"/> scheme: authenticates a request from its session (through the
/// same once-per-request resolution as <c>GetSessionAsync()</c>), and challenges or forbids per kind of caller.
/// Implements <see cref="IAuthenticationHandler"/> directly: it needs no per-scheme options, events or forwarding, and
/// runs on every request, so it stays a few fields and no per-request allocation beyond the result.
/// </summary>
internal sealed class SesameAuthenticationHandler(
    SessionResolver resolver,
    AccessResponses responses,
    SignInPipeline pipeline,
    SessionPipeline sessions,
    PublicUrls urls) : IAuthenticationSignInHandler
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
            ? SessionResolver.NoResult
            : resolver.AuthenticateAsync(httpContext);
    }

    public Task ChallengeAsync(AuthenticationProperties? properties) =>
        responses.ChallengeAsync(HttpContext, properties?.RedirectUri, StatusCodes.Status302Found);

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        var httpContext = HttpContext;
        var feature = httpContext.Features.Get<SessionFeature>();
        // A session too old for the action: ask for a new authentication, not "forbidden".
        if (feature?.ReauthenticateWithin is { } maxAge)
        {
            return responses.ReauthenticateAsync(httpContext, maxAge, properties?.RedirectUri, StatusCodes.Status302Found);
        }

        // A user whom re-validation found gone no longer has a session worth the name: ask them to sign in again.
        return feature is { UserRejected: true }
            ? responses.ChallengeAsync(httpContext, properties?.RedirectUri, StatusCodes.Status302Found)
            : responses.ForbidAsync(httpContext, StatusCodes.Status302Found);
    }

    public async Task SignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        ArgumentNullException.ThrowIfNull(user);
        var httpContext = HttpContext;
        SignInCandidate candidate;
        string callbackUrl;
        if (httpContext.Features.Get<PendingSignIn>() is { } pending)
        {
            // One of Sesame's own flows: the candidate and its callback URL were resolved at the endpoint.
            httpContext.Features.Set<PendingSignIn>(null);
            candidate = pending.Candidate;
            callbackUrl = pending.CallbackUrl;
        }
        else
        {
            properties ??= new AuthenticationProperties();
            var origin = urls.OriginOf(httpContext);
            callbackUrl = urls.Redirect(properties.RedirectUri ?? origin, origin);
            candidate = resolver.Settings.FindProvider(PrincipalSignIn.ProviderIdOf(user, properties)) switch
            {
                IExternalSignInMapper mapper => mapper.ToCandidate(user, properties),
                { Type: ProviderType.OAuth } provider => PrincipalSignIn.External(provider.Id, user, properties, allowEmailAccountLinking: false),
                _ => PrincipalSignIn.App(user),
            };
        }

        var result = await pipeline.SignInAsync(httpContext, candidate, callbackUrl, urls.BaseUrlOf(httpContext)).ConfigureAwait(false);
        httpContext.Features.Set(new SignInResultFeature(result));
    }

    public async Task SignOutAsync(AuthenticationProperties? properties)
    {
        var httpContext = HttpContext;
        if (!await sessions.SignOutAsync(httpContext, httpContext.RequestAborted).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The session could not be ended: its store failed (see the log). The user is still signed in.");
        }

        if (properties?.RedirectUri is { } redirectUri)
        {
            var origin = urls.OriginOf(httpContext);
            httpContext.Response.Redirect(CallbackUrls.ForHeader(urls.Redirect(redirectUri, origin)) ?? origin);
        }
    }
}
