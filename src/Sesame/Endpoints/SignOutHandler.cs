using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Http;
using Sesame.Logging;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Sesame.Endpoints;

/// <summary><c>POST /signout</c>: CSRF, then end the session (clear every chunk; delete the row) and redirect to the callback URL.</summary>
internal sealed class SignOutHandler(SessionPipeline pipeline, ILogger<SignOutHandler> logger)
{
    public async Task HandleAsync(AuthRequest request)
    {
        if (!request.CsrfVerified)
        {
            Log.CsrfFailed(logger, "POST", "signout");
            await AuthResponses.RedirectAsync(request, request.BaseUrl + "/signout?csrf=true").ConfigureAwait(false);
            return;
        }

        if (!await pipeline.SignOutAsync(request.HttpContext, request.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            // The session still works (its store failed): say so rather than report a sign-out that did not happen.
            var error = Errors.AuthErrors.Describe(Errors.AuthErrorCode.Configuration);
            await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={error.WireName}", StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
            return;
        }

        await AuthResponses.RedirectAsync(request, request.CallbackUrl).ConfigureAwait(false);
    }
}
