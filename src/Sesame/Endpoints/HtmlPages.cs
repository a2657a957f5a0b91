using System.Text;
using System.Text.Encodings.Web;
using Sesame.Errors;
using Sesame.Providers;
using Sesame.Providers.Credentials;

namespace Sesame.Endpoints;

/// <summary>
/// The built-in pages: plain HTML forms that work without JavaScript. Every value from the request is HTML-encoded.
/// </summary>
internal static class HtmlPages
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string SignIn(SesameSettings settings, string baseUrl, string csrfToken, string callbackUrl, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>Sign in</h1>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Encode(SignInErrorMessage(error))).Append("</p>");
        }

        foreach (var provider in settings.Providers)
        {
            body.Append("<section class=\"provider\">");
            if (provider is CredentialsProvider credentials)
            {
                body.Append("<form method=\"post\" action=\"").Append(Encode($"{baseUrl}/callback/{provider.Id}")).Append("\">");
                body.Append("<input type=\"hidden\" name=\"csrfToken\" value=\"").Append(Encode(csrfToken)).Append("\">");
                foreach (var field in credentials.Fields)
                {
                    var id = $"input-{field.Name}-for-{provider.Id}-provider";
                    body.Append("<label for=\"").Append(Encode(id)).Append("\">").Append(Encode(field.Label)).Append("</label>");
                    body.Append("<input id=\"").Append(Encode(id)).Append("\" name=\"").Append(Encode(field.Name))
                        .Append("\" type=\"").Append(Encode(field.Type)).Append('"');
                    if (field.Placeholder is { } placeholder)
                    {
                        body.Append(" placeholder=\"").Append(Encode(placeholder)).Append('"');
                    }

                    body.Append('>');
                }

                if (settings.RememberMeField is { } rememberMe)
                {
                    // an unchecked checkbox posts nothing: the hidden "false" before it makes the choice explicit
                    var id = $"input-{rememberMe}-for-{provider.Id}-provider";
                    body.Append("<input type=\"hidden\" name=\"").Append(Encode(rememberMe)).Append("\" value=\"false\">");
                    body.Append("<label for=\"").Append(Encode(id)).Append("\"><input id=\"").Append(Encode(id)).Append("\" name=\"")
                        .Append(Encode(rememberMe)).Append("\" type=\"checkbox\" value=\"true\"")
                        .Append(settings.PersistentByDefault ? " checked" : "").Append("> Remember me</label>");
                }

                body.Append("<button type=\"submit\">Sign in with ").Append(Encode(provider.Name)).Append("</button></form>");
            }
            else if (provider.Type == ProviderType.Email)
            {
                // next-auth's e-mail form: no callbackUrl field, the callback-url cookie carries it
                var id = $"input-email-for-{provider.Id}-provider";
                body.Append("<form method=\"post\" action=\"").Append(Encode($"{baseUrl}/signin/{provider.Id}")).Append("\">");
                body.Append("<input type=\"hidden\" name=\"csrfToken\" value=\"").Append(Encode(csrfToken)).Append("\">");
                body.Append("<label for=\"").Append(Encode(id)).Append("\">Email</label>");
                body.Append("<input id=\"").Append(Encode(id)).Append("\" name=\"email\" type=\"email\" autocomplete=\"email\" placeholder=\"email@example.com\" required>");
                body.Append("<button type=\"submit\">Sign in with ").Append(Encode(provider.Name)).Append("</button></form>");
            }
            else
            {
                body.Append("<form method=\"post\" action=\"").Append(Encode($"{baseUrl}/signin/{provider.Id}")).Append("\">");
                body.Append("<input type=\"hidden\" name=\"csrfToken\" value=\"").Append(Encode(csrfToken)).Append("\">");
                body.Append("<input type=\"hidden\" name=\"callbackUrl\" value=\"").Append(Encode(callbackUrl)).Append("\">");
                body.Append("<button type=\"submit\">Sign in with ").Append(Encode(provider.Name)).Append("</button></form>");
            }

            body.Append("</section>");
        }

        return Layout("Sign In", body.ToString());
    }

    public static string SignOut(string baseUrl, string csrfToken)
    {
        var body = new StringBuilder();
        body.Append("<h1>Signout</h1><p>Are you sure you want to sign out?</p>");
        body.Append("<form method=\"post\" action=\"").Append(Encode(baseUrl + "/signout")).Append("\">");
        body.Append("<input type=\"hidden\" name=\"csrfToken\" value=\"").Append(Encode(csrfToken)).Append("\">");
        body.Append("<button type=\"submit\">Sign out</button></form>");
        return Layout("Sign Out", body.ToString());
    }

    public static string Error(string baseUrl, AuthErrorDescriptor error)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(Encode(error.Heading)).Append("</h1><p>").Append(Encode(error.Message)).Append("</p>");
        if (error.SignInLink)
        {
            body.Append("<p><a href=\"").Append(Encode(baseUrl + "/signin")).Append("\">Sign in</a></p>");
        }

        return Layout("Error", body.ToString());
    }

    public static string VerifyRequest(string origin)
    {
        var body = "<h1>Check your email</h1><p>A sign in link has been sent to your email address.</p><p><a href=\"" + Encode(origin) + "\">" + Encode(origin) + "</a></p>";
        return Layout("Verify Request", body);
    }

    /// <summary>The second-factor page: one form posting the code (and the CSRF token) back to <paramref name="action"/>.</summary>
    public static string VerifyMfa(string action, string csrfToken, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>Two-step verification</h1><p>Enter the 6-digit code from your authenticator app, or a recovery code.</p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Encode(error)).Append("</p>");
        }

        body.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">");
        body.Append("<input type=\"hidden\" name=\"csrfToken\" value=\"").Append(Encode(csrfToken)).Append("\">");
        body.Append("<label for=\"code\">Code</label><input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\" autofocus required>");
        body.Append("<button type=\"submit\">Verify</button></form>");
        return Layout("Two-step verification", body.ToString());
    }

    /// <summary>next-auth's inline sign-in messages for <c>?error=</c> (spelled exactly; anything else reads "Unable to sign in.").</summary>
    public static string SignInErrorMessage(string error) => (AuthErrors.Find(error) ?? AuthErrors.Unknown).SignInPageMessage;

    private static string Encode(string value) => Encoder.Encode(value);

    private static string Layout(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>" + Encode(title) + "</title><style>" +
        "body{font-family:system-ui,sans-serif;background:#f4f4f5;color:#18181b;display:flex;justify-content:center;padding:4rem 1rem}" +
        "main{background:#fff;border-radius:.75rem;box-shadow:0 1px 4px rgba(0,0,0,.1);padding:2rem;min-width:18rem;max-width:24rem}" +
        "label{display:block;margin:.75rem 0 .25rem;font-weight:600}input{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #d4d4d8;border-radius:.375rem}" +
        "button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:.375rem;background:#18181b;color:#fff;font-weight:600;cursor:pointer}" +
        ".error{background:#fee2e2;color:#991b1b;padding:.75rem;border-radius:.375rem}.provider+.provider{margin-top:1.5rem;border-top:1px solid #e4e4e7;padding-top:1rem}" +
        "</style></head><body><main>" + body + "</main></body></html>";
}
