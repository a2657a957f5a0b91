using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace Sesame.Mfa;

/// <summary>
/// RFC 6238 codes through Otp.NET (6 digits, 30 s, HMAC-SHA-1: what authenticator apps use), with one step of clock
/// drift either way, and the recovery codes' format and hash.
/// </summary>
internal static class TotpCodes
{
    public const int StepSeconds = 30;
    private const int Digits = 6;
    private static readonly VerificationWindow Drift = new(previous: 1, future: 1);

    /// <summary>A new random secret (160 bits, RFC 4226's recommendation), base32.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>Whether <paramref name="secret"/> is base32 of at least 80 bits (RFC 4226's minimum).</summary>
    public static bool IsValidSecret(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        try
        {
            return Base32Encoding.ToBytes(secret).Length >= 10;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The time step <paramref name="code"/> matches at <paramref name="now"/> (±1 step), or <see langword="null"/>.</summary>
    public static long? MatchingStep(string secret, string code, DateTimeOffset now)
    {
        if (code.Length != Digits || !code.All(char.IsAsciiDigit) || !IsValidSecret(secret))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, Drift) ? step : null;
    }

    /// <summary>The code of <paramref name="secret"/> at <paramref name="at"/> (tests and enrolment checks).</summary>
    public static string CodeAt(string secret, DateTimeOffset at) =>
        new Totp(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(at.UtcDateTime);

    /// <summary>A new recovery code: 10 characters of Crockford-style base32 (50 bits) as <c>xxxxx-xxxxx</c>.</summary>
    public static string NewRecoveryCode()
    {
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        Span<char> chars = stackalloc char[11];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i == 5 ? '-' : alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>
    /// The stored form of a recovery code: SHA-256 of its normalized text (lower case, no dashes or spaces). The codes
    /// are random with 50 bits, so a plain hash is enough (nothing to guess from a dictionary).
    /// </summary>
    public static string HashRecoveryCode(string code)
    {
        var normalized = new StringBuilder(code.Length);
        foreach (var c in code)
        {
            if (c is not ('-' or ' '))
            {
                normalized.Append(char.ToLowerInvariant(c));
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized.ToString())));
    }

    /// <summary>Whether <paramref name="code"/> looks like a recovery code rather than a TOTP code.</summary>
    public static bool LooksLikeRecoveryCode(string code) => code.Length is >= 10 and <= 16 && !code.All(char.IsAsciiDigit);
}
