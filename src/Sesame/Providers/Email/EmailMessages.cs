using System.Text;
using System.Text.Encodings.Web;

namespace Sesame.Providers.Email;

/// <summary>
/// The sign-in message: a subject, a plain-text part with the link, and an HTML part in which every value (the address
/// someone typed, the host, the link) is HTML-encoded, so that an address cannot inject markup into the mail.
/// </summary>
internal static class EmailMessages
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static EmailSignInMessage Compose(string providerId, string to, string? from, string host, string link, DateTimeOffset expires)
    {
        // the link as built (not Uri's canonical form), so the text part carries exactly what the callback parses
        var subject = $"Sign in to {host}";
        var text = $"Sign in to {host}\n{link}\n\nIf you did not request this e-mail you can safely ignore it.\n";
        var html = new StringBuilder(1024)
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Encoder.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"background:#f4f4f5;font-family:system-ui,sans-serif;color:#18181b;margin:0;padding:2rem\">")
            .Append("<table role=\"presentation\" width=\"100%\" style=\"max-width:36rem;margin:auto;background:#fff;border-radius:.75rem;padding:2rem\"><tr><td>")
            .Append("<h1 style=\"font-size:1.25rem\">Sign in to <strong>").Append(Encoder.Encode(host)).Append("</strong></h1>")
            .Append("<p>A sign-in link was requested for <span id=\"address\">").Append(Encoder.Encode(to)).Append("</span>.</p>")
            .Append("<p><a id=\"sign-in\" href=\"").Append(Encoder.Encode(link))
            .Append("\" style=\"display:inline-block;padding:.6rem 1.2rem;border-radius:.375rem;background:#18181b;color:#fff;text-decoration:none;font-weight:600\">Sign in</a></p>")
            .Append("<p style=\"color:#71717a\">If you did not request this e-mail you can safely ignore it.</p>")
            .Append("</td></tr></table></body></html>")
            .ToString();
        return new EmailSignInMessage { ProviderId = providerId, To = to, From = from, Subject = subject, Text = text, Html = html, Url = new Uri(link), Expires = expires };
    }
}
