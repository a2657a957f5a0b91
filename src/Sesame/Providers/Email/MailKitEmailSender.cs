using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Sesame.Providers.Email;

/// <summary>
/// The default <see cref="IEmailSender"/>: one SMTP connection per message through MailKit (sign-in mails are rare;
/// a pooled connection would have to survive server-side idle timeouts for nothing), secured as the provider's
/// <see cref="SmtpServerOptions"/> say.
/// </summary>
internal sealed class MailKitEmailSender(IOptionsMonitor<SmtpServerOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailSignInMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var server = options.Get(message.ProviderId);
        using var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(message.From ?? server.From!));
        // the address was checked to be exactly one mailbox; it is never parsed as a list here
        mime.To.Add(new MailboxAddress(null, message.To));
        mime.Subject = message.Subject;
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(server.Timeout);
        using var client = new SmtpClient { Timeout = (int)server.Timeout.TotalMilliseconds };
        var socketOptions = server.Security switch
        {
            EmailSecurity.Tls => SecureSocketOptions.SslOnConnect,
            EmailSecurity.StartTls => SecureSocketOptions.StartTls,
            EmailSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(server.Host, server.Port, socketOptions, timeout.Token).ConfigureAwait(false);
        if (server.UserName is { } userName)
        {
            await client.AuthenticateAsync(userName, server.Password ?? "", timeout.Token).ConfigureAwait(false);
        }

        await client.SendAsync(mime, timeout.Token).ConfigureAwait(false);
        try
        {
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is MailKit.ProtocolException or IOException or OperationCanceledException)
        {
            // the server accepted the message already: a failed QUIT must not fail the sign-in (and delete the token of a link that was sent)
        }
    }
}
