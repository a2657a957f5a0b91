namespace Sesame.Providers.Email;

/// <summary>
/// Delivers an e-mail sign-in message. Sesame's default sends it over SMTP with MailKit; an app that uses a mail API
/// gives the provider its own with <c>AddEmail&lt;TSender&gt;(…)</c>. A sender throws when the message was not accepted:
/// the sign-in then fails with <c>EmailSignin</c> and its token is deleted.
/// </summary>
public interface IEmailSender
{
    /// <summary>Sends <paramref name="message"/>; returns once the server or API has accepted it.</summary>
    Task SendAsync(EmailSignInMessage message, CancellationToken cancellationToken);
}
