namespace Sesame.Providers.Email;

/// <summary>
/// Where the built-in sender delivers one e-mail provider's messages (named options, one per provider id), resolved at
/// start-up from <see cref="EmailProviderOptions.Server"/> or <c>EMAIL_SERVER</c>; checked by
/// <see cref="SmtpServerOptionsValidator"/>.
/// </summary>
internal sealed class SmtpServerOptions
{
    /// <summary>The server URL as configured, for the start-up message (never logged: it may hold a password).</summary>
    public string? Server { get; set; }

    /// <summary>Why <see cref="Server"/> could not be read, or <see langword="null"/>.</summary>
    public string? ServerProblem { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; }

    public EmailSecurity Security { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? From { get; set; }

    public TimeSpan Timeout { get; set; }

    /// <summary>Reads <paramref name="server"/> (<c>smtp://user:pass@host:port</c>, <c>smtps://…</c>) into these options.</summary>
    public void Apply(string? server, EmailSecurity security)
    {
        Server = server;
        if (string.IsNullOrWhiteSpace(server))
        {
            return;
        }

        if (!Uri.TryCreate(server.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("smtp" or "smtps") || url.Host.Length == 0)
        {
            ServerProblem = "it is not an smtp:// or smtps:// URL with a host";
            return;
        }

        if (url.AbsolutePath is not ("" or "/") || url.Query.Length > 0)
        {
            ServerProblem = "it has a path or query, which Sesame does not read";
            return;
        }

        var tls = url.Scheme == "smtps";
        Host = url.IdnHost;
        Port = url.IsDefaultPort || url.Port < 0 ? (tls ? 465 : 587) : url.Port;
        Security = security != EmailSecurity.Auto ? security : tls ? EmailSecurity.Tls : EmailSecurity.Auto;
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            UserName = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            Password = colon < 0 ? null : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        }
    }
}
