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

    Task ISignInFlow.StartAsync(SignInFlowContext context) => CredentialsSignInFlow.StartAsync(context);

    Task ISignInFlow.CallbackAsync(SignInFlowContext context) => CredentialsSignInFlow.CallbackAsync(this, context);
}
