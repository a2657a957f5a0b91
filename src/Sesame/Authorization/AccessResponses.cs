using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Sesame.Access;
using Sesame.Errors;
using Sesame.Logging;

namespace Sesame.Authorization;

/// <summary>
/// The answers to a caller without access, per kind of caller: an API call gets <c>401 {"error":"Unauthorized"}</c> or
/// <c>403 {"error":"Forbidden"}</c>; a page request is redirected to the sign-in page (with <c>callbackUrl</c> = the page
/// it asked for) or to the error page with <c>AccessDenied</c>. Redirects stay on the app's origin.
/// </summary>
internal sealed class AccessResponses(SesameSettings settings, ILogger<AccessResponses> logger)
{
    private static readonly byte[] UnauthorizedBody = """{"error":"Unauthorized"}"""u8.ToArray();
    private static readonly byte[] ForbiddenBody = """{"error":"Forbidden"}"""u8.ToArray();
    private static readonly byte[] ReauthenticationBody = """{"error":"ReauthenticationRequired"}"""u8.ToArray();

    /// <summary>No session: 401 for an API call, else a redirect (<paramref name="redirectStatus"/>) to the sign-in page.</summary>
    /// <param name="httpContext">The request.</param>
    /// <param name="returnUrl">Where to come back to after signing in, if not the page asked for; only a local path is used.</param>
    /// <param name="redirectStatus">302 for the authentication scheme, 307 for the route protection (next-auth's middleware).</param>
    public Task ChallengeAsync(HttpContext httpContext, string? returnUrl, int redirectStatus)
    {
        var response = httpContext.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        if (ApiCallers.IsApiRequest(httpContext.Request, settings.Access))
        {
            Log.ApiChallenged(logger);
            if (settings.AcceptBearerTokens)
            {
                response.Headers.WWWAuthenticate = "Bearer";
            }

            return WriteJsonAsync(response, StatusCodes.Status401Unauthorized, UnauthorizedBody);
        }

        var callbackUrl = IsLocalPath(returnUrl) ? returnUrl! : RequestedPath(httpContext.Request);
        var target = WithQuery(PageUrl(httpContext.Request, settings.Pages.SignIn, "/signin"), "callbackUrl", callbackUrl);
        Log.PageChallenged(logger);
        return RedirectAsync(response, redirectStatus, target);
    }

    /// <summary>
    /// A session whose last authentication is older than <paramref name="maxAge"/>: for an API call, 401 with an RFC 9470
    /// step-up challenge (<c>error="insufficient_user_authentication"</c>, <c>max_age</c> in seconds) and
    /// <c>{"error":"ReauthenticationRequired"}</c>; for a page, the sign-in page with the page as callback URL.
    /// </summary>
    public Task ReauthenticateAsync(HttpContext httpContext, TimeSpan maxAge, string? returnUrl, int redirectStatus)
    {
        var response = httpContext.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        if (!ApiCallers.IsApiRequest(httpContext.Request, settings.Access))
        {
            return ChallengeAsync(httpContext, returnUrl, redirectStatus);
        }

        Log.ApiReauthenticationChallenged(logger);
        var seconds = ((long)Math.Ceiling(maxAge.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.WWWAuthenticate = string.Concat(
            "Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent authentication is required\", max_age=\"", seconds, "\"");
        return WriteJsonAsync(response, StatusCodes.Status401Unauthorized, ReauthenticationBody);
    }

    /// <summary>A session without the right: 403 for an API call, else a redirect to the error page with <c>AccessDenied</c>.</summary>
    public Task ForbidAsync(HttpContext httpContext, int redirectStatus)
    {
        var response = httpContext.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        if (ApiCallers.IsApiRequest(httpContext.Request, settings.Access))
        {
            Log.ApiForbidden(logger);
            return WriteJsonAsync(response, StatusCodes.Status403Forbidden, ForbiddenBody);
        }

        Log.PageForbidden(logger);
        var target = WithQuery(PageUrl(httpContext.Request, settings.Pages.Error, "/error"), "error", AuthErrors.WireName(AuthErrorCode.AccessDenied));
        return RedirectAsync(response, redirectStatus, target);
    }

    /// <summary>
    /// A page of the app: a custom page given as an absolute URL is used verbatim (as everywhere in Sesame); a path, or
    /// the built-in page under the base path, is put under the app's path base and on its configured origin.
    /// </summary>
    private string PageUrl(HttpRequest request, string? customPage, string builtIn)
    {
        if (customPage is not null && !customPage.StartsWith('/'))
        {
            return customPage;
        }

        var path = customPage ?? settings.BasePath + builtIn;
        return string.Concat(settings.Origin, request.PathBase.Value, path);
    }

    /// <summary>The path and query the caller asked for, as next-auth's middleware sets <c>callbackUrl</c>.</summary>
    private static string RequestedPath(HttpRequest request) =>
        request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();

    private static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static string WithQuery(string url, string name, string value) =>
        string.Concat(url, url.Contains('?', StringComparison.Ordinal) ? "&" : "?", name, "=", Uri.EscapeDataString(value));

    private static Task RedirectAsync(HttpResponse response, int status, string target)
    {
        response.StatusCode = status;
        response.Headers.Location = target;
        return Task.CompletedTask;
    }

    private static Task WriteJsonAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(response.HttpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }
}
