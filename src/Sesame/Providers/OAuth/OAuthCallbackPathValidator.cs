using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sesame.Providers.OAuth;

/// <summary>
/// Stops start-up when a provider's handler listens for the identity provider's answer anywhere but
/// <c>{basePath}/callback/{id}</c>. Sesame sets that path in the provider's Configure step, but an app's own
/// <c>Configure</c> or <c>PostConfigure</c> of the scheme's options runs later and can move it: the redirect URI Sesame
/// sends (and next-auth's registered one) would then point at a path no handler answers, or the handler would answer
/// outside Sesame's endpoints. Validation runs after every configure step, so it sees the path the handler will use.
/// </summary>
internal sealed class OAuthCallbackPathValidator<TOptions>(string scheme, string providerId, SesameSettings settings) : IValidateOptions<TOptions>
    where TOptions : RemoteAuthenticationOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name, scheme, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var expected = $"{settings.BasePath}/callback/{providerId}";
        return string.Equals(options.CallbackPath.Value, expected, StringComparison.Ordinal)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"The callback path of provider '{providerId}' is '{options.CallbackPath}', outside Sesame's base path: Sesame handles the identity provider's answer at '{expected}' (SesameOptions.BasePath '{settings.BasePath}' + /callback/{providerId}). " +
                $"Remove the code that sets CallbackPath on the '{scheme}' scheme's options (Sesame sets it), change SesameOptions.BasePath (or AUTH_URL's path) if the endpoints belong elsewhere, and register {expected} on your public URL as the redirect URI with the identity provider.");
    }
}
