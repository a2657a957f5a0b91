using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Cookies;
using Sesame.Diagnostics;
using Sesame.Errors;
using Sesame.Http;
using Sesame.Logging;
using Sesame.Providers;
using Sesame.Security;
using Sesame.SignIn;

namespace Sesame.Endpoints;

/// <summary>
/// The single endpoint under the base path: parses the action, runs next-auth's init step (CSRF cookie, callback URL)
/// and hands the request to the action's handler. One route instead of one per action keeps next-auth's exact answer to
/// unsupported action/method pairs (400 text) and costs one route match.
/// </summary>
internal sealed class AuthEndpoint(
    SesameSettings settings,
    SessionHandler sessionHandler,
    SignInHandler signInHandler,
    CallbackHandler callbackHandler,
    SignOutHandler signOutHandler,
    PageHandler pageHandler,
    PublicUrls urls,
    TimeProvider time,
    ILogger<AuthEndpoint> logger)
{
    public const string RestRouteValue = "sesameAction";

    private readonly LogRateLimit _clientLogLimit = new(time, LogRateLimit.ClientLogLinesPerWindow, TimeSpan.FromSeconds(10));

    public async Task HandleAsync(HttpContext httpContext)
    {
        // The per-action routes and the catch-all behind them answer alike: the action is read from the path as sent,
        // so that routing's case-insensitive match of /SESSION still gets next-auth's answer to an unknown action.
        var rest = httpContext.Request.RouteValues[RestRouteValue] as string ?? RestOfPath(httpContext.Request.Path);
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var action = slash < 0 ? rest : rest[..slash];
        var providerId = slash < 0 ? null : rest[(slash + 1)..].Split('/')[0];
        if (providerId is { Length: 0 })
        {
            providerId = null;
        }

        var method = httpContext.Request.Method;
        using var activity = SesameActivities.StartEndpoint(method, action, providerId);
        PrivateResponses.EndpointHeaders(httpContext.Response);
        var isGet = HttpMethods.IsGet(method);
        var isPost = HttpMethods.IsPost(method);
        if (HttpMethods.IsHead(method) && action == "callback" && settings.FindProvider(providerId) is ISignInFlow { AnswersHead: true })
        {
            // a mail scanner checking the link: answered without touching its token or setting a cookie
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.Headers.CacheControl = "no-store";
            return;
        }

        if (!IsSupported(action, isGet, isPost))
        {
            await UnsupportedAsync(httpContext, method, action).ConfigureAwait(false);
            return;
        }

        if (action == "_log")
        {
            await LogAsync(httpContext).ConfigureAwait(false);
            return;
        }

        if (action == "providers")
        {
            await ProvidersHandler.HandleAsync(httpContext, settings, urls.OriginOf(httpContext)).ConfigureAwait(false);
            return;
        }

        if (action == "callback" && settings.FindProvider(providerId) is null)
        {
            await UnsupportedAsync(httpContext, method, action).ConfigureAwait(false);
            return;
        }

        var request = new AuthRequest(httpContext, action, providerId, urls.OriginOf(httpContext), settings.BasePath);
        if (isPost)
        {
            var body = await RequestBodyReader.ReadAsync(httpContext.Request, httpContext.RequestAborted).ConfigureAwait(false);
            if (body.Status != RequestBodyReader.Status.Ok)
            {
                await RefuseBodyAsync(httpContext, body.Status, action).ConfigureAwait(false);
                return;
            }

            request.Body = body.Fields;
            request.Data = body.Data;
        }

        request.JsonMode = string.Equals(request.Field("json"), "true", StringComparison.Ordinal) ||
                           httpContext.Request.Headers.ContainsKey("X-Auth-Return-Redirect");

        if (!Initialize(request))
        {
            await ConfigurationErrorAsync(request).ConfigureAwait(false);
            return;
        }

        try
        {
            await DispatchAsync(request).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !httpContext.Response.HasStarted)
        {
            // A bug or a failing dependency in a sign-in flow: log it and show the generic error, never a stack trace.
            Log.SessionReadFailed(logger, exception);
            httpContext.Response.Clear();
            await AuthResponses.RedirectAsync(request, request.BaseUrl + "/error?error=Configuration").ConfigureAwait(false);
        }
    }

    private Task DispatchAsync(AuthRequest request) => request.Action switch
    {
        "session" => sessionHandler.HandleAsync(request),
        "csrf" => CsrfAsync(request),
        "signin" when request.IsPost => signInHandler.HandlePostAsync(request),
        "signin" => pageHandler.SignInPageAsync(request),
        "callback" => callbackHandler.HandleAsync(request),
        "signout" when request.IsPost => signOutHandler.HandleAsync(request),
        "signout" => pageHandler.SignOutPageAsync(request),
        "error" => pageHandler.ErrorPageAsync(request),
        "verify-request" => pageHandler.VerifyRequestPageAsync(request),
        _ => UnsupportedAsync(request.HttpContext, request.HttpContext.Request.Method, request.Action),
    };

    private string RestOfPath(PathString path)
    {
        var value = path.Value ?? "";
        var start = settings.BasePath.Length + 1;
        return value.Length > start ? value[start..] : "";
    }

    private static bool IsSupported(string action, bool isGet, bool isPost) => action switch
    {
        "providers" or "csrf" or "error" or "verify-request" => isGet,
        "session" or "signin" or "signout" or "callback" => isGet || isPost,
        "_log" => isPost,
        _ => false,
    };

    /// <summary>
    /// next-auth's init step: validate or mint the CSRF cookie, and resolve the callback URL (body, query, cookie, origin)
    /// through the redirect callback, re-setting the callback-url cookie when it changes. False on an invalid callback URL
    /// in the query, which next-auth treats as a configuration error; an invalid one in the cookie is replaced instead.
    /// </summary>
    private bool Initialize(AuthRequest request)
    {
        var httpContext = request.HttpContext;
        // The init step and the session read look up a few cookies: from the header, not all decoded into a dictionary.
        var cookies = HeaderRequestCookies.Of(httpContext);
        var callbackCookies = settings.Cookies.CallbackUrl;

        // The configured origin was parsed at start-up; one from a trusted proxy's headers never skips URL parsing.
        var trustedOrigin = settings.Origin;
        var queryCallback = request.Query("callbackUrl");
        if (queryCallback is not null && !CallbackUrls.IsValid(queryCallback, trustedOrigin))
        {
            Log.InvalidCallbackUrl(logger, "query");
            return false;
        }

        var cookieCallback = ReadCallbackCookie(cookies, callbackCookies.Name);
        if (cookieCallback is not null && !CallbackUrls.IsValid(cookieCallback, trustedOrigin))
        {
            // next-auth answers a configuration error here, so a planted cookie (a sibling subdomain, a script) locks the
            // browser out of every action, sign-out included, until it expires. It is only ever our own remembered URL:
            // dropping it loses nothing, and the resolved URL below replaces it.
            Log.InvalidCallbackCookieReplaced(logger);
            cookieCallback = null;
        }

        var csrfCookie = settings.Cookies.CsrfToken;
        var csrfToken = ReadCsrfCookie(cookies, csrfCookie.Name);
        if (csrfToken is null)
        {
            var (token, cookieValue) = settings.Csrf.Mint();
            csrfToken = token;
            csrfCookie.Append(httpContext.Response, cookieValue);
        }

        request.CsrfToken = csrfToken;
        request.CsrfVerified = request.IsPost && Csrf.CsrfProtection.Matches(csrfToken, request.Field("csrfToken")) &&
                               !Csrf.CrossSiteRequests.IsCrossSite(httpContext.Request, request.Origin);

        var input = request.Field("callbackUrl") ?? queryCallback;
        var resolved = input is not null ? urls.Redirect(input, request.Origin)
            : cookieCallback is not null ? urls.Redirect(cookieCallback, request.Origin)
            : request.Origin;
        request.CallbackUrl = resolved;
        if (!string.Equals(resolved, cookieCallback, StringComparison.Ordinal))
        {
            // a callback URL too long for a cookie applies to this request only: the next one goes to the default
            _ = callbackCookies.Append(httpContext.Response, resolved);
        }

        return true;
    }

    /// <summary>
    /// The callback-url cookie, decoded. The one a browser usually sends back is the origin this app set, encoded: it is
    /// recognized as sent and answered with the origin itself, without decoding.
    /// </summary>
    private string? ReadCallbackCookie(HeaderRequestCookies cookies, string name)
    {
        switch (cookies.TryGetRaw(name, out var raw))
        {
            case HeaderRequestCookies.Lookup.Absent:
                return null;
            case HeaderRequestCookies.Lookup.Found:
                return settings.OriginCookieValue is { } origin && raw.SequenceEqual(origin) ? settings.Origin : HeaderRequestCookies.Decode(raw);
        }

        return cookies.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>The token of a valid CSRF cookie, or <see langword="null"/> (none, malformed, or not ours).</summary>
    private string? ReadCsrfCookie(HeaderRequestCookies cookies, string name)
    {
        switch (cookies.TryGetRaw(name, out var raw))
        {
            case HeaderRequestCookies.Lookup.Absent:
                return null;
            case HeaderRequestCookies.Lookup.Found:
                return settings.Csrf.ReadRawCookie(raw);
        }

        return settings.Csrf.ReadCookie(cookies.TryGetValue(name, out var value) ? value : null);
    }

    private Task ConfigurationErrorAsync(AuthRequest request)
    {
        var response = request.HttpContext.Response;
        response.Headers.Remove("Set-Cookie");
        var isPage = request.Action is "signin" or "signout" or "error" or "verify-request" && !request.IsPost;
        if (!isPage)
        {
            return AuthResponses.ConfigurationErrorAsync(response);
        }

        if (settings.Pages.Error is { } errorPage && !(request.Query("callbackUrl")?.StartsWith(errorPage, StringComparison.Ordinal) ?? false))
        {
            response.StatusCode = StatusCodes.Status302Found;
            response.Headers.Location = errorPage + (errorPage.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=Configuration";
            return Task.CompletedTask;
        }

        return AuthResponses.HtmlAsync(response, StatusCodes.Status500InternalServerError, HtmlPages.Error(request.Origin + settings.BasePath, AuthErrors.Describe(AuthErrorCode.Configuration)));
    }

    private static Task CsrfAsync(AuthRequest request)
    {
        var response = request.HttpContext.Response;
        AuthResponses.NoStore(response);
        return AuthResponses.JsonAsync(response, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("csrfToken", request.CsrfToken);
            writer.WriteEndObject();
        });
    }

    private async Task LogAsync(HttpContext httpContext)
    {
        // The browser client's logger posts here with sendBeacon; its content is untrusted, so only short codes are logged.
        var body = await RequestBodyReader.ReadAsync(httpContext.Request, httpContext.RequestAborted).ConfigureAwait(false);
        if (body.Status != RequestBodyReader.Status.Ok)
        {
            await RefuseBodyAsync(httpContext, body.Status, "_log").ConfigureAwait(false);
            return;
        }

        // Anyone can post here: a line per request would let them fill the logs, so lines are few and at Debug.
        if (_clientLogLimit.TryAcquire())
        {
            var level = Truncate(body.Fields.GetValueOrDefault("level"));
            var code = Truncate(body.Fields.GetValueOrDefault("code"));
            Log.ClientLog(logger, level, code);
        }

        httpContext.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task RefuseBodyAsync(HttpContext httpContext, RequestBodyReader.Status status, string action)
    {
        if (status == RequestBodyReader.Status.TooLarge)
        {
            Log.BodyTooLarge(logger, RequestBodyReader.MaxBodyBytes, action);
            return AuthResponses.TextAsync(httpContext.Response, StatusCodes.Status413PayloadTooLarge, "Error: request body too large");
        }

        Log.BodyMalformed(logger, action);
        httpContext.Response.Headers.Remove("Set-Cookie");
        return AuthResponses.TextAsync(httpContext.Response, StatusCodes.Status400BadRequest, "Error: malformed request body");
    }

    private static string Truncate(string? value) => LogValues.Clean(value, 64);

    private Task UnsupportedAsync(HttpContext httpContext, string method, string action)
    {
        Log.UnsupportedAction(logger, LogValues.Clean(method, 16), LogValues.Clean(action, 64));
        httpContext.Response.Headers.Remove("Set-Cookie");
        return AuthResponses.TextAsync(httpContext.Response, StatusCodes.Status400BadRequest, $"Error: This action with HTTP {method} is not supported by NextAuth.js");
    }
}
