using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Events;
using Sesame.Logging;
using Sesame.Providers;
using Sesame.Sessions;
using Sesame.Stores;

namespace Sesame.Endpoints;

/// <summary>
/// <c>/callback/{provider}</c>: completes a sign-in. For credentials: CSRF, <c>authorize</c>, the <c>signIn</c> callback,
/// then the one session-issuing path every provider shares, then the redirect to the callback URL.
/// </summary>
internal sealed class CallbackHandler(SesameSettings settings, ISessionStrategy strategy, SessionEvents events, ILogger<CallbackHandler> logger)
{
    public Task HandleAsync(AuthRequest request)
    {
        var provider = settings.FindProvider(request.ProviderId)!;
        return provider switch
        {
            CredentialsProvider credentials when request.IsPost => CredentialsAsync(request, credentials),
            CredentialsProvider => AuthResponses.TextAsync(request.HttpContext.Response, StatusCodes.Status500InternalServerError, "Error: Callback for provider type credentials not supported"),
            _ => AuthResponses.RedirectAsync(request, request.BaseUrl + "/signin"),
        };
    }

    private async Task CredentialsAsync(AuthRequest request, CredentialsProvider provider)
    {
        if (!request.CsrfVerified)
        {
            Log.CsrfFailed(logger, "POST", "callback");
            await AuthResponses.RedirectAsync(request, request.BaseUrl + "/signin?csrf=true").ConfigureAwait(false);
            return;
        }

        var httpContext = request.HttpContext;
        SesameUser? user;
        try
        {
            user = await provider.Authorize!(new CredentialsContext(request.Body, httpContext)).ConfigureAwait(false);
        }
        catch (CredentialsSignInException exception)
        {
            Log.CredentialsRejected(logger, provider.Id);
            await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={Uri.EscapeDataString(exception.Message)}", StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Any other failure is the app's bug or a dependency's; its message stays in the log, not in the URL.
            Log.AuthorizeFailed(logger, exception, provider.Id);
            user = null;
        }

        if (user is null)
        {
            Log.CredentialsRejected(logger, provider.Id);
            await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error=CredentialsSignin&provider={Uri.EscapeDataString(provider.Id)}", StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return;
        }

        var account = new SesameAccount { Type = "credentials", Provider = provider.Id, ProviderAccountId = user.Id, UserId = user.Id };
        var signIn = new SignInContext(httpContext, user, account, request.Body);
        await settings.Callbacks.SignInAsync(signIn).ConfigureAwait(false);
        if (!signIn.IsAllowed)
        {
            Log.SignInDenied(logger, user.Id);
            if (signIn.RedirectUrl is { } elsewhere)
            {
                // next-auth v4 follows a string from signIn verbatim: the app chose that destination.
                await AuthResponses.RedirectAsync(request, elsewhere).ConfigureAwait(false);
                return;
            }

            await AuthResponses.RedirectAsync(request, request.BaseUrl + "/error?error=AccessDenied", StatusCodes.Status403Forbidden).ConfigureAwait(false);
            return;
        }

        if (!await strategy.IssueAsync(httpContext, user, account, isNewUser: false, httpContext.RequestAborted).ConfigureAwait(false))
        {
            Log.SignInDenied(logger, user.Id);
            await AuthResponses.RedirectAsync(request, request.BaseUrl + "/error?error=AccessDenied", StatusCodes.Status403Forbidden).ConfigureAwait(false);
            return;
        }

        Log.SignedIn(logger, user.Id, provider.Id);
        await events.SignInAsync(new SignInEventContext(httpContext, user, account, false)).ConfigureAwait(false);
        await AuthResponses.RedirectAsync(request, request.CallbackUrl).ConfigureAwait(false);
    }
}
