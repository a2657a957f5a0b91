namespace Sesame.Providers.Email;

/// <summary>
/// A sign-in message, composed: a sender may use <see cref="Text"/> and <see cref="Html"/> as they are, or build its own
/// from <see cref="Url"/>. Every value from the request is already encoded in <see cref="Html"/>.
/// </summary>
public sealed record EmailSignInMessage
{
    /// <summary>The provider that sends it.</summary>
    public required string ProviderId { get; init; }

    /// <summary>The recipient: the normalized address the link signs in.</summary>
    public required string To { get; init; }

    /// <summary>The sender (<c>EMAIL_FROM</c>), or <see langword="null"/> when none is configured (a custom sender's own).</summary>
    public string? From { get; init; }

    /// <summary>The subject: <c>Sign in to {host}</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The plain-text body: the subject and the link.</summary>
    public required string Text { get; init; }

    /// <summary>The HTML body, with the address, the host and the link HTML-encoded.</summary>
    public required string Html { get; init; }

    /// <summary>The sign-in link, on the app's configured public URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>When the link stops working (UTC).</summary>
    public required DateTimeOffset Expires { get; init; }
}
