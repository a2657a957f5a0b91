namespace Sesame.Mfa;

/// <summary>The TOTP second factor: who needs it, where it is asked for, how long a partial sign-in waits.</summary>
public sealed class SesameTotpOptions
{
    /// <summary>The issuer authenticator apps show next to the account (the <c>otpauth://</c> URI's <c>issuer</c>).</summary>
    /// <value><c>Sesame</c>.</value>
    public string Issuer { get; set; } = "Sesame";

    /// <summary>
    /// The path of the verification page (GET: the form; POST: the code), where a sign-in that needs the second factor is
    /// sent, with its <c>callbackUrl</c>. The seed's <c>/auth/verify-mfa</c> is a good choice for an app's own path.
    /// </summary>
    /// <value><see langword="null"/>: <c>{basePath}/verify-mfa</c>.</value>
    public string? VerificationPath { get; set; }

    /// <summary>How long a partial sign-in (first factor done) waits for the second.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wrong codes a partial sign-in may take before it is void and the user must sign in again.</summary>
    /// <value>5.</value>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How many recovery codes an enrolment makes.</summary>
    /// <value>10.</value>
    public int RecoveryCodeCount { get; set; } = 10;
}
