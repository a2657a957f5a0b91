using Microsoft.Extensions.Options;
using MimeKit;

namespace Sesame.Providers.Email;

/// <summary>The built-in sender's settings, checked at start-up: each failure says which setting or variable to set.</summary>
internal sealed class SmtpServerOptionsValidator : IValidateOptions<SmtpServerOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpServerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Server))
        {
            failures.Add($"The email provider '{name}' has no SMTP server: set EMAIL_SERVER (e.g. smtp://user:password@smtp.example.com:587, or smtps://…:465 for TLS) or EmailProviderOptions.Server, or give it a sender of your own with AddEmail<TSender>(…).");
        }
        else if (options.ServerProblem is { } problem)
        {
            failures.Add($"The SMTP server of email provider '{name}' (EMAIL_SERVER / EmailProviderOptions.Server) cannot be used: {problem}. Write it as smtp://user:password@host:587 or smtps://user:password@host:465.");
        }

        if (string.IsNullOrWhiteSpace(options.From))
        {
            failures.Add($"The email provider '{name}' has no sender address: set EMAIL_FROM (e.g. \"My App <no-reply@example.com>\") or EmailProviderOptions.From.");
        }
        else if (!MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"The sender address of email provider '{name}' (EMAIL_FROM / EmailProviderOptions.From) is not an address: write it as no-reply@example.com or \"My App <no-reply@example.com>\".");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"EmailProviderOptions.SendTimeout of email provider '{name}' must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
