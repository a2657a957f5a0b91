using Microsoft.Extensions.DependencyInjection;
using Sesame.Mfa;
using Sesame.Stores;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Mfa;

/// <summary>Enrolment: the offered secret's otpauth URI, its QR code read back, confirmation by code, recovery codes hashed.</summary>
public sealed class TotpEnrolmentTests
{
    [Fact]
    public async Task Offer_QrCodeReadsAsTheOtpauthUri_ConfirmStoresHashedRecoveryCodes()
    {
        var store = new InMemoryTotpStore();
        await using var app = await TestApp.StartAsync(extend: b => { b.Services.AddSingleton<ITotpStore>(store); b.AddTotp(o => o.Issuer = "Acme Co"); });
        await using var scope = app.Services.CreateAsyncScope();
        var totp = scope.ServiceProvider.GetRequiredService<SesameTotp>();

        var offer = totp.Offer("alice@example.com");

        Assert.Equal($"otpauth://totp/Acme%20Co:alice%40example.com?secret={offer.Secret}&issuer=Acme%20Co&algorithm=SHA1&digits=6&period=30", offer.Uri);
        Assert.Equal(offer.Uri, QrCodes.Read(offer.QrCodePng));
        Assert.StartsWith("data:image/png;base64,", offer.QrCodeDataUrl, StringComparison.Ordinal);
        Assert.True(SesameTotp.IsValidSecret(offer.Secret));

        Assert.Null(await totp.ConfirmEnrolmentAsync("u1", offer.Secret, "000000" == TotpCodes.CodeAt(offer.Secret, app.Time.GetUtcNow()) ? "111111" : "000000"));
        Assert.False(await totp.IsEnrolledAsync("u1"));

        var codes = await totp.ConfirmEnrolmentAsync("u1", offer.Secret, TotpCodes.CodeAt(offer.Secret, app.Time.GetUtcNow()));

        Assert.NotNull(codes);
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        var enrolment = (await store.GetEnrolmentAsync("u1", CancellationToken.None))!;
        Assert.Equal(offer.Secret, enrolment.Secret);
        Assert.Equal(codes.Select(TotpCodes.HashRecoveryCode).Order(), enrolment.RecoveryCodeHashes.Order());
        Assert.DoesNotContain(codes[0], enrolment.RecoveryCodeHashes);
        // the confirming code is spent
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeSeconds() / 30, enrolment.LastUsedTimeStep);
    }
}
