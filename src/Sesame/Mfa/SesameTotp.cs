using Microsoft.Extensions.Options;
using QRCoder;
using Sesame.Stores;

namespace Sesame.Mfa;

/// <summary>
/// TOTP enrolment for the app's account pages: offer a secret with its QR code, confirm it with the user's first code
/// (which also proves their app's clock), get the recovery codes to show once, or remove the second factor. Scoped,
/// like the <see cref="ITotpStore"/> it uses.
/// </summary>
public sealed class SesameTotp
{
    private readonly ITotpStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly SesameTotpOptions _options;

    internal SesameTotp(ITotpStore store, TimeProvider timeProvider, IOptions<SesameTotpOptions> options)
    {
        _store = store;
        _timeProvider = timeProvider;
        _options = options.Value;
    }

    /// <summary>Whether <paramref name="secret"/> is a usable TOTP secret: base32 of at least 80 bits.</summary>
    public static bool IsValidSecret(string? secret) => TotpCodes.IsValidSecret(secret);

    /// <summary>A new secret for <paramref name="accountName"/> (what the app shows, usually the e-mail address).</summary>
    public TotpEnrolmentOffer Offer(string accountName)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        var secret = TotpCodes.NewSecret();
        var label = Uri.EscapeDataString(_options.Issuer) + ":" + Uri.EscapeDataString(accountName);
        var uri = $"otpauth://totp/{label}?secret={secret}&issuer={Uri.EscapeDataString(_options.Issuer)}&algorithm=SHA1&digits=6&period={TotpCodes.StepSeconds}";
        var png = PngByteQRCodeHelper.GetQRCode(uri, QRCodeGenerator.ECCLevel.M, 6, drawQuietZones: true);
        return new TotpEnrolmentOffer(secret, uri, png);
    }

    /// <summary>
    /// Enrols <paramref name="userId"/> with <paramref name="secret"/> if <paramref name="code"/> is its current code,
    /// replacing any earlier enrolment. Returns the recovery codes to show the user once (only their hashes are kept),
    /// or <see langword="null"/> when the code is wrong.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ConfirmEnrolmentAsync(string userId, string secret, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (!TotpCodes.IsValidSecret(secret) || TotpCodes.MatchingStep(secret, code.Trim(), _timeProvider.GetUtcNow()) is not { } step)
        {
            return null;
        }

        var codes = Enumerable.Range(0, _options.RecoveryCodeCount).Select(_ => TotpCodes.NewRecoveryCode()).ToArray();
        await _store.SaveEnrolmentAsync(new SesameTotpEnrolment
        {
            UserId = userId,
            Secret = secret,
            RecoveryCodeHashes = [.. codes.Select(TotpCodes.HashRecoveryCode)],
            // the confirming code is spent: it cannot also complete a sign-in
            LastUsedTimeStep = step,
        }, cancellationToken).ConfigureAwait(false);
        return codes;
    }

    /// <summary>Whether <paramref name="userId"/> has a second factor.</summary>
    public async Task<bool> IsEnrolledAsync(string userId, CancellationToken cancellationToken = default) =>
        await _store.GetEnrolmentAsync(userId, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Removes the second factor of <paramref name="userId"/>; false when there was none.</summary>
    public Task<bool> DisableAsync(string userId, CancellationToken cancellationToken = default) => _store.DeleteEnrolmentAsync(userId, cancellationToken);
}
