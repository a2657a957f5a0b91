using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sesame.Errors;
using Sesame.Http;
using Sesame.Logging;
using Sesame.SignIn;

namespace Sesame.Providers.OAuth;

/// <summary>
/// What Sesame's endpoints do for an OAuth provider. <c>POST /signin/{id}</c> challenges the provider's remote handler,
/// which answers with the redirect to the identity provider and sets its check cookies (correlation, nonce); in JSON
/// mode the redirect becomes <c>{"url"}</c>, as next-auth/react expects. The callback is answered by the remote handler
/// itself (its callback path is <c>/callback/{id}</c>); one that reaches the endpoint found no handler for it.
/// </summary>
internal static class OAuthSignInFlow
{
    public static async Task StartAsync(OAuthProvider provider, SignInFlowContext context)
    {
        var request = context.Request;
        var httpContext = request.HttpContext;
        var properties = new AuthenticationProperties { RedirectUri = request.CallbackUrl };
        properties.Items[PrincipalSignIn.ProviderItem] = provider.Id;
        properties.Items[PrincipalSignIn.ProviderTypeItem] = "oauth";
        // the POST's query parameters go to the authorization request, as next-auth's (login_hint from signIn()'s third argument)
        // (kept in Parameters, which the handler reads at the challenge and never writes into the state)
        foreach (var (name, values) in httpContext.Request.Query)
        {
            if (OAuthParameters.MayForward(name))
            {
                properties.Parameters[OAuthParameters.Prefix + name] = values.ToString();
            }
        }

        try
        {
            await httpContext.ChallengeAsync(provider.SchemeName, properties).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !httpContext.RequestAborted.IsCancellationRequested)
        {
            // discovery failed, the issuer is unreachable, the handler is misconfigured: next-auth's OAuthSignin
            Log.OAuthStartFailed(context.Logger, exception, provider.Id);
            httpContext.Response.Headers.Remove(HeaderNames.SetCookie);
            await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={AuthErrors.WireName(AuthErrorCode.OAuthSignin)}").ConfigureAwait(false);
            return;
        }

        var response = httpContext.Response;
        if (response.StatusCode is >= 300 and < 400 && response.Headers.Location.ToString() is { Length: > 0 } location)
        {
            if (request.JsonMode)
            {
                // the handler wrote only headers (its check cookies stay): the redirect becomes next-auth's {"url"}
                response.Headers.Remove(HeaderNames.Location);
                await AuthResponses.RedirectAsync(request, location).ConfigureAwait(false);
            }

            return;
        }

        if (!response.HasStarted && response.StatusCode == StatusCodes.Status200OK)
        {
            // a handler that answered with a page of its own (form_post authorization) is left as it is; one that wrote
            // nothing did not start a sign-in
            Log.OAuthStartFailed(context.Logger, null, provider.Id);
            await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={AuthErrors.WireName(AuthErrorCode.OAuthSignin)}").ConfigureAwait(false);
        }
    }

    public static Task CallbackAsync(OAuthProvider provider, SignInFlowContext context)
    {
        // the provider's remote handler answers its callback path before the endpoint: reaching here means the request
        // was not one the handler recognised (a different path base, or the handler's scheme was removed)
        Log.OAuthCallbackUnhandled(context.Logger, provider.Id);
        var request = context.Request;
        return AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={AuthErrors.WireName(AuthErrorCode.OAuthCallback)}");
    }
}
