using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Errors;
using Sesame.Http;
using Sesame.Logging;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The remote handler's events that make it a Sesame provider: a received ticket is signed in through the Sesame scheme
/// (the sign-in pipeline) and the browser goes where the pipeline says, including a refusal's error page; every failure
/// (state, correlation, nonce, PKCE, ID token, token endpoint down or slow, an error from the identity provider) goes to
/// the error page with next-auth's code instead of the handler's exception.
/// </summary>
internal static class OAuthRemoteEvents
{
    /// <summary>Chains Sesame's handling after whatever the app's own events do (an app that handles the response wins).</summary>
    public static void Attach(RemoteAuthenticationEvents events, OAuthProvider provider)
    {
        var ticketReceived = events.OnTicketReceived;
        events.OnTicketReceived = async context =>
        {
            await ticketReceived(context).ConfigureAwait(false);
            if (context.Result is null)
            {
                await SignInAsync(context, provider).ConfigureAwait(false);
            }
        };

        var accessDenied = events.OnAccessDenied;
        events.OnAccessDenied = async context =>
        {
            await accessDenied(context).ConfigureAwait(false);
            if (context.Result is null)
            {
                Log.OAuthIdentityProviderError(Logger(context.HttpContext), provider.Id, "access_denied");
                Redirect(context.HttpContext, AuthErrorCode.Callback);
                context.HandleResponse();
            }
        };

        var remoteFailure = events.OnRemoteFailure;
        events.OnRemoteFailure = async context =>
        {
            await remoteFailure(context).ConfigureAwait(false);
            if (context.Result is null)
            {
                // next-auth v4: an error sent back by the identity provider is "Callback"; anything else in the exchange
                // (check values, token request, ID token) is "OAuthCallback"
                var logger = Logger(context.HttpContext);
                if (await AuthorizationErrorOfAsync(context.Request).ConfigureAwait(false) is { } error)
                {
                    Log.OAuthIdentityProviderError(logger, provider.Id, error);
                    Redirect(context.HttpContext, AuthErrorCode.Callback);
                }
                else
                {
                    Log.OAuthCallbackFailed(logger, context.Failure, provider.Id);
                    Redirect(context.HttpContext, AuthErrorCode.OAuthCallback);
                }

                context.HandleResponse();
            }
        };
    }

    /// <summary>The <c>error</c> the identity provider sent back in the authorization response (query or form_post), if any.</summary>
    private static async Task<string?> AuthorizationErrorOfAsync(HttpRequest request)
    {
        if (request.Query.TryGetValue("error", out var error) && error.Count > 0)
        {
            return error.ToString();
        }

        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            return form.TryGetValue("error", out var posted) && posted.Count > 0 ? posted.ToString() : null;
        }

        return null;
    }

    private static async Task SignInAsync(TicketReceivedContext context, OAuthProvider provider)
    {
        var httpContext = context.HttpContext;
        // the handler would redirect to the callback URL whatever the pipeline decided; Sesame answers instead
        context.HandleResponse();
        // (the handler moved the callback URL out of the properties, into ReturnUri; the Sesame scheme reads it there)
        context.Properties!.RedirectUri = context.ReturnUri;
        try
        {
            await httpContext.SignInAsync(SesameDefaults.AuthenticationScheme, context.Principal!, context.Properties).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !httpContext.RequestAborted.IsCancellationRequested)
        {
            Log.OAuthSignInFailed(Logger(httpContext), exception, provider.Id);
            Redirect(httpContext, AuthErrorCode.Callback);
            return;
        }

        var result = httpContext.GetSesameSignInResult()
            ?? throw new InvalidOperationException("The Sesame scheme did not record the sign-in's result: is another handler registered under its name?");
        var urls = httpContext.RequestServices.GetRequiredService<PublicUrls>();
        httpContext.Response.Redirect(CallbackUrls.ForHeader(result.RedirectUrl) ?? urls.OriginOf(httpContext));
    }

    private static void Redirect(HttpContext httpContext, AuthErrorCode error)
    {
        var urls = httpContext.RequestServices.GetRequiredService<PublicUrls>();
        httpContext.Response.Redirect($"{urls.BaseUrlOf(httpContext)}/error?error={AuthErrors.WireName(error)}");
    }

    private static ILogger Logger(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sesame.Providers.OAuth");
}
