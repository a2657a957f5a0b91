using Sesame.SignIn;
using Sesame.Stores;

namespace Sesame.Providers.Credentials;

/// <summary>
/// Sign-in with a form your code checks (next-auth's <c>CredentialsProvider</c>). <see cref="Authorize"/> returns the user,
/// or <see langword="null"/> for wrong credentials (<c>CredentialsSignin</c>).
/// </summary>
public sealed class CredentialsProvider : ISesameProvider, ISignInFlow
{
    /// <summary>The provider id.</summary>
    /// <value><c>credentials</c>.</value>
    public string Id { get; set; } = "credentials";

    /// <summary>The name on the sign-in page.</summary>
    /// <value><c>Credentials</c>.</value>
    public string Name { get; set; } = "Credentials";

    /// <inheritdoc />
    public ProviderType Type => ProviderType.Credentials;

    /// <summary>The fields of the built-in sign-in form, in order.</summary>
    public IList<CredentialField> Fields { get; } = [];

    /// <summary>
    /// Checks the posted fields. Return the user, or <see langword="null"/> for wrong credentials. Throw
    /// <see cref="CredentialsSignInException"/> to show the user a message of your own; any other exception is logged and
    /// treated as wrong credentials, so that no internal message reaches the client.
    /// </summary>
    public Func<CredentialsContext, Task<SesameUser?>>? Authorize { get; set; }

    /// <summary>
    /// Wrong attempts one client may make for one account per <see cref="RateLimitWindow"/> before it gets <c>429</c>
    /// (with <c>Retry-After</c>) for that account. Counted per account <em>and</em> client, so that nobody can lock an
    /// account out: the owner, on another client, signs in as usual. Successful sign-ins never count.
    /// </summary>
    /// <value>10; <see langword="null"/> for no limit.</value>
    public int? FailuresPerAccountAndClient { get; set; } = 10;

    /// <summary>Wrong attempts one client (an IPv4 address, an IPv6 /64) may make for any accounts per <see cref="RateLimitWindow"/>.</summary>
    /// <value>100; <see langword="null"/> for no limit.</value>
    public int? FailuresPerClient { get; set; } = 100;

    /// <summary>The window of the failure limits.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The posted field that names the account for <see cref="FailuresPerAccountAndClient"/>, compared case-insensitively.</summary>
    /// <value><see langword="null"/>: the first of <see cref="Fields"/>.</value>
    public string? AccountField { get; set; }

    Task ISignInFlow.StartAsync(SignInFlowContext context) => CredentialsSignInFlow.StartAsync(context);

    Task ISignInFlow.CallbackAsync(SignInFlowContext context) => CredentialsSignInFlow.CallbackAsync(this, context);
}
