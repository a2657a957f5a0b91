using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sesame.Mfa;
using Sesame.Stores;

namespace Sesame.Sample;

/// <summary>
/// The sample's second factor: TOTP for the demo users marked <c>Totp</c> (the <c>mfa</c> user), with the base32 secret
/// of <c>DEMO_TOTP_SECRET</c> (default <c>JBSWY3DPEHPK3PXP</c>, as authenticator apps take it), verified at
/// <c>/auth/verify-mfa</c>; and an enrolment page at <c>/account/mfa</c> where any signed-in user adds the factor from
/// a QR code. Enrolments live in the session database when there is one (EF Core), else in memory (one instance).
/// </summary>
internal static class SampleMfa
{
    public const string VerificationPath = "/auth/verify-mfa";
    private const string DefaultSecret = "JBSWY3DPEHPK3PXP";
    private const string EnrolmentPurpose = "Sesame.Sample.TotpEnrolment";

    public static void Add(WebApplicationBuilder builder, SesameBuilder sesame)
    {
        sesame.AddTotp(options =>
        {
            options.Issuer = "Sesame Sample";
            options.VerificationPath = VerificationPath;
        });
        // the database's store when the session stores registered one; otherwise the demo's enrolments in memory
        builder.Services.TryAddSingleton<ITotpStore, InMemoryTotpStore>();
    }

    /// <summary>Enrols the demo users marked <c>Totp</c> with <c>DEMO_TOTP_SECRET</c> (keeping what they used, when the secret is unchanged).</summary>
    /// <param name="app">The app.</param>
    /// <param name="users">The demo users.</param>
    /// <param name="inDatabase">Whether the enrolments live in the SQL database, whose rows point at their users (made here when missing).</param>
    public static async Task SeedAsync(WebApplication app, DemoUsers users, bool inDatabase)
    {
        var secret = app.Configuration["DEMO_TOTP_SECRET"] is { Length: > 0 } configured ? configured.Trim().ToUpperInvariant() : DefaultSecret;
        if (!SesameTotp.IsValidSecret(secret))
        {
            throw new InvalidOperationException("DEMO_TOTP_SECRET must be a base32 TOTP secret of at least 16 characters (e.g. JBSWY3DPEHPK3PXP).");
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var store = services.GetRequiredService<ITotpStore>();
        foreach (var user in users.All.Where(u => u.Totp))
        {
            if (inDatabase && services.GetRequiredService<IUserStore>() is var userStore && await userStore.GetUserAsync(user.Id, CancellationToken.None) is null)
            {
                // the database's enrolment row points at its user
                await userStore.CreateUserAsync(new SesameUser { Id = user.Id, Name = user.Name, Email = user.Email, Image = user.Image }, CancellationToken.None);
            }

            if (await store.GetEnrolmentAsync(user.Id, CancellationToken.None) is not { } current || current.Secret != secret)
            {
                await store.SaveEnrolmentAsync(new SesameTotpEnrolment { UserId = user.Id, Secret = secret }, CancellationToken.None);
            }
        }
    }

    public static void Map(WebApplication app)
    {
        // Enrolment: a new secret as a QR code; the first code confirms it and shows the recovery codes once. The offered
        // secret rides in the form, protected (encrypted, bound to the user, 10 minutes), so the server keeps nothing.
        app.MapGet("/account/mfa", async (HttpContext http, SesameTotp totp, IDataProtectionProvider protection) =>
        {
            var session = (await http.GetSessionAsync())!;
            var userId = session.User.Id!;
            var enrolled = await totp.IsEnrolledAsync(userId, http.RequestAborted);
            var offer = totp.Offer(session.User.Email ?? userId);
            var protectedSecret = Protector(protection).Protect($"{userId}|{offer.Secret}", TimeSpan.FromMinutes(10));
            return Html("Two-step verification", EnrolmentForm(enrolled, offer, protectedSecret, http.GetCsrfToken(), null));
        }).RequireAuthorization();

        app.MapPost("/account/mfa", async (HttpContext http, SesameTotp totp, IDataProtectionProvider protection) =>
        {
            var session = (await http.GetSessionAsync())!;
            var userId = session.User.Id!;
            if (!await http.IsCsrfTokenValidAsync())
            {
                return Results.Json(new { error = "InvalidCsrfToken" }, statusCode: StatusCodes.Status403Forbidden);
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            string? secret = null;
            try
            {
                var parts = Protector(protection).Unprotect(form["secret"].ToString()).Split('|', 2);
                secret = parts.Length == 2 && parts[0] == userId ? parts[1] : null;
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // expired or not ours: offer a new secret below
            }

            if (secret is null || await totp.ConfirmEnrolmentAsync(userId, secret, form["code"].ToString(), http.RequestAborted) is not { } recoveryCodes)
            {
                var offer = totp.Offer(session.User.Email ?? userId);
                var protectedSecret = Protector(protection).Protect($"{userId}|{offer.Secret}", TimeSpan.FromMinutes(10));
                return Html("Two-step verification", EnrolmentForm(false, offer, protectedSecret, http.GetCsrfToken(), "That code is not right: scan the new code and try again."));
            }

            var list = string.Concat(recoveryCodes.Select(code => $"<li><code>{Encode(code)}</code></li>"));
            return Html("Two-step verification", "<h1>Two-step verification is on</h1><p>Keep these recovery codes somewhere safe; each works once, and they are not shown again.</p>" +
                $"<ul class=\"recovery-codes\">{list}</ul><p><a href=\"/account\">Back to the account</a></p>");
        }).RequireAuthorization();
    }

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection) =>
        protection.CreateProtector(EnrolmentPurpose).ToTimeLimitedDataProtector();

    private static string EnrolmentForm(bool enrolled, TotpEnrolmentOffer offer, string protectedSecret, string csrfToken, string? error) =>
        "<h1>Two-step verification</h1>" +
        (enrolled ? "<p>Two-step verification is on. Enrolling again replaces your authenticator and recovery codes.</p>" : "") +
        (error is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(error)}</p>") +
        "<p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>" +
        $"<img id=\"totp-qr\" alt=\"QR code for your authenticator app\" src=\"{offer.QrCodeDataUrl}\">" +
        $"<p>Or enter this key: <code id=\"totp-secret\">{Encode(offer.Secret)}</code></p>" +
        "<form method=\"post\" action=\"/account/mfa\">" +
        $"<input type=\"hidden\" name=\"csrfToken\" value=\"{Encode(csrfToken)}\">" +
        $"<input type=\"hidden\" name=\"secret\" value=\"{Encode(protectedSecret)}\">" +
        "<label for=\"code\">Code</label><input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required>" +
        "<button type=\"submit\">Turn on</button></form>";

    private static IResult Html(string title, string body) => Results.Content(
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title></head><body>{body}</body></html>",
        "text/html; charset=utf-8");

    private static string Encode(string? value) => System.Net.WebUtility.HtmlEncode(value ?? "");
}
