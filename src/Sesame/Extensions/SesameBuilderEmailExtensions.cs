using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sesame;
using Sesame.Providers.Email;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the e-mail (magic link) provider.</summary>
public static class SesameBuilderEmailExtensions
{
    /// <summary>
    /// Adds an e-mail provider (next-auth's <c>EmailProvider</c>) that sends its links over SMTP with MailKit: the
    /// server from <see cref="EmailProviderOptions.Server"/> or <c>EMAIL_SERVER</c>, the sender from
    /// <see cref="EmailProviderOptions.From"/> or <c>EMAIL_FROM</c>. Needs an <see cref="Sesame.Stores.IVerificationTokenStore"/>
    /// and the app's public URL; start-up fails with what to set when one is missing.
    /// </summary>
    public static SesameBuilder AddEmail(this SesameBuilder builder, Action<EmailProviderOptions>? configure = null)
    {
        var options = Register(builder, configure);
        var services = builder.Services;
        services.AddKeyedSingleton<IEmailSender, MailKitEmailSender>(options.Id);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpServerOptions>, SmtpServerOptionsValidator>());
        services.AddOptions<SmtpServerOptions>(options.Id)
            .Configure<IServiceProvider>((smtp, provider) =>
            {
                var configuration = provider.GetService<IConfiguration>();
                smtp.Apply(options.Server ?? configuration?["EMAIL_SERVER"], options.Security);
                smtp.From = options.From ?? configuration?["EMAIL_FROM"];
                smtp.Timeout = options.SendTimeout;
            })
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Adds an e-mail provider whose messages <typeparamref name="TSender"/> delivers (a mail API, a queue): registered
    /// for this provider as a singleton, it gets each composed <see cref="EmailSignInMessage"/>.
    /// </summary>
    public static SesameBuilder AddEmail<TSender>(this SesameBuilder builder, Action<EmailProviderOptions>? configure = null)
        where TSender : class, IEmailSender
    {
        var options = Register(builder, configure);
        builder.Services.AddKeyedSingleton<IEmailSender, TSender>(options.Id);
        return builder;
    }

    private static EmailProviderOptions Register(SesameBuilder builder, Action<EmailProviderOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new EmailProviderOptions();
        configure?.Invoke(options);
        var services = builder.Services;
        services.AddOptions<SesameOptions>().Configure<IServiceProvider>((sesame, provider) =>
            sesame.Providers.Add(new EmailProvider(options, options.From ?? provider.GetService<IConfiguration>()?["EMAIL_FROM"])));
        services.TryAddSingleton<EmailTokens>();
        services.TryAddSingleton<Sesame.Security.SignInRateLimiter>();
        services.TryAddSingleton<EmailSignInFlow>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SesameOptions>, EmailProviderValidator>());
        return options;
    }
}
