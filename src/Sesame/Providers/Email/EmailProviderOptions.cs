namespace Sesame.Providers.Email;

/// <summary>
/// The e-mail (magic link) provider: <c>POST /signin/{id}</c> with an address mails a single-use link, and
/// <c>GET /callback/{id}</c> with that link signs the owner of the address in. Its tokens need an
/// <see cref="Stores.IVerificationTokenStore"/>; the session may be a JWT or a database row.
/// </summary>
public sealed class EmailProviderOptions
{
    /// <summary>The provider id in URLs.</summary>
    /// <value><c>email</c>.</value>
    public string Id { get; set; } = "email";

    /// <summary>The name on the sign-in page.</summary>
    /// <value><c>Email</c>.</value>
    public string Name { get; set; } = "Email";

    /// <summary>
    /// The SMTP server as a URL, as next-auth reads <c>EMAIL_SERVER</c>: <c>smtp://user:pass@host:587</c> (STARTTLS when
    /// the server offers it) or <c>smtps://user:pass@host:465</c> (TLS from the first byte). User and password are
    /// percent-decoded. Not used when the provider has its own <see cref="IEmailSender"/>.
    /// </summary>
    /// <value>The <c>EMAIL_SERVER</c> configuration value.</value>
    public string? Server { get; set; }

    /// <summary>The sender of the messages, e.g. <c>Sesame &lt;no-reply@example.com&gt;</c>.</summary>
    /// <value>The <c>EMAIL_FROM</c> configuration value.</value>
    public string? From { get; set; }

    /// <summary>How the connection to <see cref="Server"/> is secured, when the URL's scheme is not enough.</summary>
    /// <value><see cref="EmailSecurity.Auto"/>: STARTTLS when offered for <c>smtp://</c>, TLS for <c>smtps://</c>.</value>
    public EmailSecurity Security { get; set; } = EmailSecurity.Auto;

    /// <summary>
    /// The secret the stored hash of a token is made with (next-auth's provider <c>secret</c>), for a database shared
    /// with a next-auth app that sets one; <see langword="null"/> for the app's secret.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public string? Secret { get; set; }

    /// <summary>How long a link stays valid.</summary>
    /// <value>24 hours, as next-auth.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long connecting to the SMTP server and sending one message may take before the sign-in fails.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many links one address may be sent per <see cref="RateLimitWindow"/>, so that the sign-in form cannot be used
    /// to flood someone's mailbox; <see langword="null"/> for no limit.
    /// </summary>
    /// <value>5.</value>
    public int? PermitsPerAddress { get; set; } = 5;

    /// <summary>How many links one client IP address may ask for per <see cref="RateLimitWindow"/>; <see langword="null"/> for no limit.</summary>
    /// <value>30.</value>
    public int? PermitsPerClient { get; set; } = 30;

    /// <summary>The window of <see cref="PermitsPerAddress"/> and <see cref="PermitsPerClient"/>.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(15);
}
