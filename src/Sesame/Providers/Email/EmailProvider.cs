using Microsoft.Extensions.DependencyInjection;
using Sesame.SignIn;

namespace Sesame.Providers.Email;

/// <summary>
/// The e-mail provider as Sesame runs it: <see cref="EmailProviderOptions"/> resolved once at start-up (with
/// <c>EMAIL_FROM</c>), and the flow of its two endpoints.
/// </summary>
internal sealed class EmailProvider : ISesameProvider, ISignInFlow
{
    public EmailProvider(EmailProviderOptions options, string? from)
    {
        Id = options.Id;
        Name = options.Name;
        From = from;
        MaxAge = options.MaxAge;
        Secret = options.Secret;
        PermitsPerAddress = options.PermitsPerAddress;
        PermitsPerClient = options.PermitsPerClient;
        RateLimitWindow = options.RateLimitWindow;
    }

    public string Id { get; }

    public string Name { get; }

    public ProviderType Type => ProviderType.Email;

    public string? From { get; }

    public TimeSpan MaxAge { get; }

    /// <summary>The provider's own hash secret, or <see langword="null"/> for the app's.</summary>
    public string? Secret { get; }

    public int? PermitsPerAddress { get; }

    public int? PermitsPerClient { get; }

    public TimeSpan RateLimitWindow { get; }

    bool ISignInFlow.AnswersHead => true;

    Task ISignInFlow.StartAsync(SignInFlowContext context) => FlowOf(context).StartAsync(this, context);

    Task ISignInFlow.CallbackAsync(SignInFlowContext context) => FlowOf(context).CallbackAsync(this, context);

    private static EmailSignInFlow FlowOf(SignInFlowContext context) => context.Request.HttpContext.RequestServices.GetRequiredService<EmailSignInFlow>();
}
