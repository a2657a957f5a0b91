using Microsoft.Extensions.Logging;
using Sesame.Logging;
using Sesame.Sessions;

using Sesame.Http;

namespace Sesame.Endpoints;

/// <summary><c>POST /signout</c>: CSRF, then end the session (clear every chunk; delete the row) and redirect to the callback URL.</summary>
internal sealed class SignOutHandler(ISessionStrategy strategy, ILogger<SignOutHandler> logger)
{
    public async Task HandleAsync(AuthRequest request)
    {
        if (!request.CsrfVerified)
        {
            Log.CsrfFailed(logger, "POST", "signout");
            await AuthResponses.RedirectAsync(request, request.BaseUrl + "/signout?csrf=true").ConfigureAwait(false);
            return;
        }

        await strategy.SignOutAsync(request.HttpContext, request.HttpContext.RequestAborted).ConfigureAwait(false);
        await AuthResponses.RedirectAsync(request, request.CallbackUrl).ConfigureAwait(false);
    }
}
