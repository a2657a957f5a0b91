namespace Sesame.Mfa;

/// <summary>
/// A TOTP secret offered to a user, before they confirm it with a code: show <see cref="QrCodePng"/> (or
/// <see cref="Secret"/> for manual entry), then pass the secret and their first code to
/// <see cref="SesameTotp.ConfirmEnrolmentAsync"/>. Keep the secret server-side between the two steps, or in a protected
/// form field.
/// </summary>
public sealed class TotpEnrolmentOffer
{
    internal TotpEnrolmentOffer(string secret, string uri, byte[] qrCodePng)
    {
        Secret = secret;
        Uri = uri;
        QrCodePng = qrCodePng;
    }

    /// <summary>The new secret, base32.</summary>
    public string Secret { get; }

    /// <summary>The <c>otpauth://totp/…</c> URI authenticator apps read (Key Uri Format).</summary>
    public string Uri { get; }

    /// <summary>The URI as a QR code, a PNG image.</summary>
    public byte[] QrCodePng { get; }

    /// <summary>The QR code as a <c>data:</c> URL, for an <c>&lt;img src&gt;</c>.</summary>
    public string QrCodeDataUrl => "data:image/png;base64," + Convert.ToBase64String(QrCodePng);
}
