using Microsoft.Extensions.Logging;
using Sesame.Logging;

namespace Sesame.Endpoints;

/// <summary>
/// <c>POST /signin/{provider}</c>: starts a provider's sign-in. Credentials are posted to <c>/callback</c>, so for them
/// this only sends the browser back to the sign-in page, as next-auth does.
/// </summary>
internal sealed class SignInHandler(SesameSettings settings, ILogger<SignInHandler> logger)
{
    public Task HandlePostAsync(AuthRequest request)
    {
        var provider = settings.FindProvider(request.ProviderId);
        if (!request.CsrfVerified || provider is null)
        {
            // next-auth answers an unknown provider like a CSRF failure: the same redirect, nothing learned.
            Log.CsrfFailed(logger, "POST", "signin");
            return AuthResponses.RedirectAsync(request, request.BaseUrl + "/signin?csrf=true");
        }

        // Credentials are posted to /callback/{id}, never here; e-mail and OAuth providers will start their flows here.
        return AuthResponses.RedirectAsync(request, request.BaseUrl + "/signin");
    }
}
