using Microsoft.Extensions.Logging;
using Sesame.Http;
using Sesame.Providers;
using Sesame.SignIn;

namespace Sesame.Endpoints;

/// <summary>
/// <c>/callback/{provider}</c> when it reaches the endpoint: the provider's flow finishes the sign-in. (The callbacks of
/// OAuth providers are answered earlier, by their remote authentication handlers.)
/// </summary>
internal sealed class CallbackHandler(SesameSettings settings, ILogger<CallbackHandler> logger)
{
    public Task HandleAsync(AuthRequest request) =>
        settings.FindProvider(request.ProviderId) is ISignInFlow flow
            ? flow.CallbackAsync(new SignInFlowContext(request, logger))
            : AuthResponses.RedirectAsync(request, request.BaseUrl + "/signin");
}
