using Microsoft.Extensions.Logging;
using Sesame.Http;
using Sesame.Logging;
using Sesame.Providers;
using Sesame.SignIn;

namespace Sesame.Endpoints;

/// <summary><c>POST /signin/{provider}</c>: after the CSRF check, the provider's flow starts its sign-in.</summary>
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

        return provider is ISignInFlow flow
            ? flow.StartAsync(new SignInFlowContext(request, logger))
            : AuthResponses.RedirectAsync(request, request.BaseUrl + "/signin");
    }
}
