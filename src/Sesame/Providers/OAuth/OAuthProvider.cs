using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Sesame.SignIn;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>
/// An OAuth 2.0 / OpenID Connect provider: an ASP.NET Core remote authentication handler (OpenID Connect, OAuth, or any
/// other) registered under <see cref="SchemeName"/>, whose callback path is next-auth's <c>{basePath}/callback/{id}</c>
/// and whose sign-ins go through Sesame's pipeline. Made by <c>AddOpenIdConnect</c> (and its presets, <c>AddApple</c> among them), <c>AddGitHub</c>, <c>AddDiscord</c> or
/// <c>AddRemoteProvider</c> on the Sesame builder.
/// </summary>
public sealed class OAuthProvider : ISesameProvider, ISignInFlow, IExternalSignInMapper
{
    internal OAuthProvider(string id, string name, string schemeName)
    {
        Id = id;
        Name = name;
        SchemeName = schemeName;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ProviderType Type => ProviderType.OAuth;

    /// <summary>The authentication scheme of the provider's remote handler: <c>sesame-{id}</c>.</summary>
    public string SchemeName { get; }

    /// <summary>
    /// Whether an account of this provider may be linked, at its first sign-in, to an existing user with the same e-mail
    /// address, when the provider marks that address verified (next-auth's <c>allowDangerousEmailAccountLinking</c>).
    /// </summary>
    /// <value><see langword="false"/>: such a sign-in is refused with <c>OAuthAccountNotLinked</c>.</value>
    public bool AllowDangerousEmailAccountLinking { get; init; }

    /// <summary>
    /// Maps the handler's claims to the app's user (next-auth's <c>profile()</c>). The default reads <c>sub</c>,
    /// <c>name</c>, <c>email</c> and <c>picture</c>; the returned user's <see cref="SesameUser.Id"/> is the provider's
    /// account id (the pipeline replaces it with the stored user's id).
    /// </summary>
    public Func<ClaimsPrincipal, SesameUser, SesameUser>? Profile { get; init; }

    Task ISignInFlow.StartAsync(SignInFlowContext context) => OAuthSignInFlow.StartAsync(this, context);

    Task ISignInFlow.CallbackAsync(SignInFlowContext context) => OAuthSignInFlow.CallbackAsync(this, context);

    SignInCandidate IExternalSignInMapper.ToCandidate(ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        var candidate = PrincipalSignIn.External(Id, principal, properties, AllowDangerousEmailAccountLinking);
        var user = Profile is null ? candidate.User : Profile(principal, candidate.User) with { Id = candidate.Account.ProviderAccountId };
        // next-auth lower-cases the profile's e-mail, so that linking by e-mail does not depend on the provider's casing
        return candidate with { User = user with { Email = user.Email?.ToLowerInvariant() }, OmitsImage = candidate.OmitsImage && user.Image is null };
    }
}
