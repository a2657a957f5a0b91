using Microsoft.AspNetCore.Http;
using Sesame.Errors;
using Sesame.Http;

namespace Sesame.Endpoints;

/// <summary>The GET pages: sign-in, sign-out, error and verify-request, or redirects to the app's own pages.</summary>
internal sealed class PageHandler(SesameSettings settings)
{
    public Task SignInPageAsync(AuthRequest request)
    {
        // next-auth v4 reads the error from the query, else from the second path segment (so /signin/github carries error=github).
        var error = request.Query("error") ?? request.ProviderId;
        if (settings.Pages.SignIn is { } signInPage)
        {
            var target = signInPage + Separator(signInPage) + "callbackUrl=" + Uri.EscapeDataString(request.CallbackUrl);
            if (error is not null)
            {
                target += "&error=" + Uri.EscapeDataString(error);
            }

            return AuthResponses.RedirectAsync(request, target);
        }

        var html = HtmlPages.SignIn(settings, request.BaseUrl, request.CsrfToken, request.CallbackUrl, error);
        return AuthResponses.HtmlAsync(request.HttpContext.Response, StatusCodes.Status200OK, html);
    }

    public Task SignOutPageAsync(AuthRequest request) =>
        settings.Pages.SignOut is { } signOutPage
            ? AuthResponses.RedirectAsync(request, signOutPage)
            : AuthResponses.HtmlAsync(request.HttpContext.Response, StatusCodes.Status200OK, HtmlPages.SignOut(request.BaseUrl, request.CsrfToken));

    public Task ErrorPageAsync(AuthRequest request)
    {
        var error = request.Query("error") ?? request.ProviderId;
        // Errors next-auth v4 shows inline on the sign-in page go there instead.
        if (AuthErrors.Find(error) is { ShownOnSignInPage: true })
        {
            return AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/signin?error={error}");
        }

        if (settings.Pages.Error is { } errorPage)
        {
            // next-auth v4 does not encode the error here (a missing one reads "undefined"); the header writer escapes what a header cannot carry.
            return AuthResponses.RedirectAsync(request, errorPage + Separator(errorPage) + "error=" + (error ?? "undefined"));
        }

        var row = AuthErrors.FindIgnoringCase(error);
        return AuthResponses.HtmlAsync(request.HttpContext.Response, row.ErrorPageStatus, HtmlPages.Error(request.BaseUrl, row));
    }

    public Task VerifyRequestPageAsync(AuthRequest request) =>
        settings.Pages.VerifyRequest is { } verifyPage
            ? AuthResponses.RedirectAsync(request, verifyPage)
            : AuthResponses.HtmlAsync(request.HttpContext.Response, StatusCodes.Status200OK, HtmlPages.VerifyRequest(request.Origin));

    private static string Separator(string url) => url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
}
