using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The OpenID Connect presets: options and claim rules on the one OpenID Connect provider, not engines of their own.
/// Each starts from <see cref="OpenIdConnectProviderOptions"/> with the provider's name and issuer, then the app's
/// settings apply on top.
/// </summary>
internal static class OpenIdConnectPresets
{
    public const string EntraIdTemplateIssuer = "https://login.microsoftonline.com/{tenantid}/v2.0";

    public static OpenIdConnectProviderOptions Google() => new()
    {
        Name = "Google",
        DefaultIssuer = new Uri("https://accounts.google.com"),
        ConfigureHandler = static options =>
            // Google's ID tokens name their issuer with or without the scheme (its documentation says to accept both)
            options.TokenValidationParameters.ValidIssuers = ["https://accounts.google.com", "accounts.google.com"],
    };

    public static OpenIdConnectProviderOptions GitLab() => new()
    {
        Name = "GitLab",
        // gitlab.com; a self-managed instance sets Issuer or AUTH_GITLAB_ISSUER
        DefaultIssuer = new Uri("https://gitlab.com"),
    };

    /// <summary>
    /// Entra ID: the issuer names a tenant (<c>https://login.microsoftonline.com/{tenant}/v2.0</c>); the multi-tenant
    /// endpoints (<c>common</c>, <c>organizations</c>, <c>consumers</c>) publish a template issuer, so a token's issuer is
    /// checked against the template filled with the token's own <c>tid</c>.
    /// </summary>
    public static OpenIdConnectProviderOptions MicrosoftEntraId() => new()
    {
        Name = "Microsoft Entra ID",
        DefaultIssuer = new Uri("https://login.microsoftonline.com/common/v2.0"),
        ConfigureHandler = static options => options.TokenValidationParameters.IssuerValidator = ValidateEntraIssuer,
    };

    /// <summary>
    /// Apple ("Sign in with Apple"): discovery at <c>https://appleid.apple.com</c> (authorization
    /// <c>…/auth/authorize</c>, token <c>…/auth/token</c>, keys <c>…/auth/keys</c>), scopes <c>name email</c> with
    /// <c>response_mode=form_post</c> (Apple refuses those scopes with a query response; the form POST's check cookies
    /// are then cross-site ones, see <see cref="OAuthSchemeSetup"/>), <c>client_secret_post</c> (the only method Apple
    /// takes), no user-info endpoint (Apple has none: the claims are the ID token's), and the name from the
    /// <c>user</c> form field (<see cref="AppleProfile"/>). The client secret is put into token requests by the
    /// backchannel (<see cref="AppleClientSecretHandler"/>).
    /// </summary>
    public static OpenIdConnectProviderOptions Apple(AppleProviderOptions apple)
    {
        var preset = new OpenIdConnectProviderOptions
        {
            Name = apple.Name,
            DefaultIssuer = new Uri("https://appleid.apple.com"),
            Issuer = apple.Issuer,
            ClientId = apple.ClientId,
            ClientSecret = apple.ClientSecret,
            ClientAuthentication = OAuthClientAuthentication.ClientSecretPost,
            GetClaimsFromUserInfoEndpoint = false,
            BackchannelTimeout = apple.BackchannelTimeout,
            AllowDangerousEmailAccountLinking = apple.AllowDangerousEmailAccountLinking,
            Profile = apple.Profile,
            ConfigureHandler = options =>
            {
                options.ResponseMode = OpenIdConnectResponseMode.FormPost;
                apple.ConfigureHandler?.Invoke(options);
            },
            AttachPresetEvents = static events =>
            {
                var validated = events.OnTokenValidated;
                events.OnTokenValidated = async context =>
                {
                    await validated(context).ConfigureAwait(false);
                    if (context.Result is null && context.Principal?.Identity is ClaimsIdentity identity)
                    {
                        AppleProfile.AddName(identity, context.ProtocolMessage?.GetParameter(AppleProfile.UserField), identity.FindFirst("sub")?.Issuer ?? ClaimsIdentity.DefaultIssuer);
                    }
                };
            },
        };
        preset.Scope.Clear();
        foreach (var scope in apple.Scope)
        {
            preset.Scope.Add(scope);
        }

        return preset;
    }

    /// <summary>
    /// A token's issuer is right when it is the configured tenant's, or, for the multi-tenant template, exactly the
    /// template with the token's own tenant id: a token of one tenant can never pass as another's.
    /// </summary>
    internal static string ValidateEntraIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters)
    {
        var configured = parameters.ValidIssuers?.Append(parameters.ValidIssuer) ?? [parameters.ValidIssuer];
        var tenant = token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("tid", out var tid) && Guid.TryParse(tid, out _) ? tid : null;
        foreach (var candidate in configured)
        {
            if (candidate is null)
            {
                continue;
            }

            var expected = tenant is null ? candidate : candidate.Replace("{tenantid}", tenant, StringComparison.OrdinalIgnoreCase);
            if (!expected.Contains('{', StringComparison.Ordinal) && string.Equals(expected, issuer, StringComparison.Ordinal))
            {
                return issuer;
            }
        }

        throw new SecurityTokenInvalidIssuerException($"The ID token's issuer '{issuer}' is not the Entra ID tenant's.");
    }

    /// <summary>The app's settings on top of a preset: what the app set wins, the preset's handler rules run first.</summary>
    public static OpenIdConnectProviderOptions Apply(OpenIdConnectProviderOptions preset, Action<OpenIdConnectProviderOptions>? configure)
    {
        var presetHandler = preset.ConfigureHandler;
        preset.ConfigureHandler = null;
        configure?.Invoke(preset);
        var appHandler = preset.ConfigureHandler;
        preset.ConfigureHandler = presetHandler is null ? appHandler : options =>
        {
            presetHandler(options);
            appHandler?.Invoke(options);
        };
        return preset;
    }
}
