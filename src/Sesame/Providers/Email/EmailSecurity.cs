namespace Sesame.Providers.Email;

/// <summary>How the SMTP connection of the e-mail provider is secured.</summary>
public enum EmailSecurity
{
    /// <summary>From the URL: <c>smtps://</c> is TLS from the first byte, <c>smtp://</c> upgrades with STARTTLS when the server offers it (nodemailer's rule, which next-auth apps expect).</summary>
    Auto = 0,

    /// <summary>STARTTLS, required: a server that does not offer it is not sent to.</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls = 2,

    /// <summary>Plain text, never upgraded (a relay on the same host or network).</summary>
    None = 3,
}
