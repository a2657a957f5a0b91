using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Sesame.Http;

namespace Sesame.SignIn;

/// <summary>What a provider's flow works with: the parsed request, and the way into the sign-in pipeline.</summary>
internal sealed class SignInFlowContext(AuthRequest request, ILogger logger)
{
    public AuthRequest Request { get; } = request;

    public ILogger Logger { get; } = logger;

    /// <summary>
    /// Signs <paramref name="candidate"/> in through the Sesame scheme (so that the framework's sign-in hooks and metrics
    /// see it) and answers the browser: the callback URL, <c>pages.newUser</c>, or the error page.
    /// </summary>
    public async Task CompleteAsync(SignInCandidate candidate)
    {
        var httpContext = Request.HttpContext;
        httpContext.Features.Set(new PendingSignIn(candidate, Request.CallbackUrl));
        var identity = new ClaimsIdentity(SesameDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, candidate.User.Id));
        await httpContext.SignInAsync(SesameDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { RedirectUri = Request.CallbackUrl }).ConfigureAwait(false);
        var result = httpContext.Features.Get<SignInResultFeature>()?.Result
            ?? throw new InvalidOperationException("The Sesame scheme did not record the sign-in's result: is another handler registered under its name?");
        await AuthResponses.RedirectAsync(Request, result.RedirectUrl, result.Succeeded ? null : result.StatusCode).ConfigureAwait(false);
    }
}
