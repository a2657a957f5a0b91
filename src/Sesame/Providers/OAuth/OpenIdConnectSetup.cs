using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Sesame.Http;

namespace Sesame.Providers.OAuth;

/// <summary>The <see cref="OpenIdConnectOptions"/> of a Sesame OpenID Connect provider.</summary>
internal static class OpenIdConnectSetup
{
    public static void Configure(OpenIdConnectOptions options, OAuthProvider provider, OpenIdConnectProviderOptions settings, IServiceProvider services, string httpClient)
    {
        var configuration = services.GetService<IConfiguration>();
        string? FromConfiguration(string setting) =>
            configuration?[OAuthSchemeSetup.EnvironmentName(provider.Id, setting)] is { Length: > 0 } value ? value : null;

        var issuer = settings.Issuer
            ?? (Uri.TryCreate(FromConfiguration("ISSUER"), UriKind.Absolute, out var configured) ? configured : null)
            ?? settings.DefaultIssuer;
        options.Authority = issuer?.ToString().TrimEnd('/');
        options.RequireHttpsMetadata = issuer?.Scheme != Uri.UriSchemeHttp;
        options.ClientId = settings.ClientId ?? FromConfiguration("ID");
        options.ClientSecret = settings.ClientSecret ?? FromConfiguration("SECRET");
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        // next-auth sends the authorization request in the URL (JSON mode hands that URL to the client), never pushed
        options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
        options.Scope.Clear();
        foreach (var scope in settings.Scope)
        {
            options.Scope.Add(scope);
        }

        options.GetClaimsFromUserInfoEndpoint = settings.GetClaimsFromUserInfoEndpoint;
        // the claims keep the identity provider's names (sub, email, picture), which the sign-in pipeline reads
        options.MapInboundClaims = false;
        options.ClaimActions.MapUniqueJsonKey("picture", "picture");
        options.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
        options.TokenValidationParameters.NameClaimType = "name";
        // next-auth's tolerance for the ID token's times
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(10);
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.MaxAge = OAuthSchemeSetup.CheckLifetime;
        options.ProtocolValidator.NonceLifetime = OAuthSchemeSetup.CheckLifetime;
        options.BackchannelTimeout = settings.BackchannelTimeout;
        options.Backchannel = services.GetRequiredService<IHttpClientFactory>().CreateClient(httpClient);

        settings.ConfigureHandler?.Invoke(options);
        UseRefreshingConfigurationManager(options, provider, services);

        // (the caller then applies what every Sesame provider gets: OAuthSchemeSetup.Apply)
        settings.AttachPresetEvents?.Invoke(options.Events);
        AttachEvents(options.Events, provider);
    }

    /// <summary>
    /// Discovery and JWKS through <see cref="RefreshingConfigurationManager"/> (unless the app set a configuration or a
    /// manager of its own), also handed to the token handler so that an unknown <c>kid</c> is fetched and retried at once.
    /// </summary>
    private static void UseRefreshingConfigurationManager(OpenIdConnectOptions options, OAuthProvider provider, IServiceProvider services)
    {
        if (options.Configuration is null && options.ConfigurationManager is null && options.Authority is { } authority)
        {
            var address = string.IsNullOrEmpty(options.MetadataAddress) ? authority.TrimEnd('/') + "/.well-known/openid-configuration" : options.MetadataAddress;
            options.ConfigurationManager = new RefreshingConfigurationManager(
                address,
                new HttpDocumentRetriever(options.Backchannel) { RequireHttps = options.RequireHttpsMetadata },
                services.GetRequiredService<TimeProvider>(),
                options.AutomaticRefreshInterval,
                options.RefreshInterval,
                provider.Id,
                services.GetRequiredService<ILoggerFactory>().CreateLogger<RefreshingConfigurationManager>());
        }

        options.TokenValidationParameters.ConfigurationManager ??= options.ConfigurationManager as BaseConfigurationManager;
    }

    private static void AttachEvents(OpenIdConnectEvents events, OAuthProvider provider)
    {
        var redirect = events.OnRedirectToIdentityProvider;
        events.OnRedirectToIdentityProvider = async context =>
        {
            // next-auth's redirect_uri is on the public URL (AUTH_URL), not on the host the request came to; the handler
            // keeps this one for the token request
            var urls = context.HttpContext.RequestServices.GetRequiredService<PublicUrls>();
            context.ProtocolMessage.RedirectUri = $"{urls.BaseUrlOf(context.HttpContext)}/callback/{provider.Id}";
            foreach (var (name, value) in OAuthParameters.Of(context.Properties))
            {
                context.ProtocolMessage.SetParameter(name, value);
            }

            await redirect(context).ConfigureAwait(false);
        };

        var tokenResponse = events.OnTokenResponseReceived;
        events.OnTokenResponseReceived = async context =>
        {
            await tokenResponse(context).ConfigureAwait(false);
            // the handler does not require a signature on an ID token from the token endpoint (OIDC Core allows it over
            // TLS); Sesame, like next-auth, refuses an unsigned one (alg "none")
            if (context.Result is null && context.TokenEndpointResponse.IdToken is { } idToken && !IsSigned(idToken))
            {
                context.Fail("The token endpoint returned an unsigned ID token.");
            }
        };

        var received = events.OnMessageReceived;
        events.OnMessageReceived = async context =>
        {
            await received(context).ConfigureAwait(false);
            if (context.Result is null)
            {
                await CheckIssuerParameterAsync(context).ConfigureAwait(false);
            }
        };
    }

    private static bool IsSigned(string idToken)
    {
        try
        {
            var token = new JsonWebToken(idToken);
            return !string.Equals(token.Alg, "none", StringComparison.OrdinalIgnoreCase) && token.EncodedSignature.Length > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// RFC 9207 (mix-up defence): where the issuer announces <c>authorization_response_iss_parameter_supported</c>, the
    /// authorization response must carry its own <c>iss</c>; an <c>iss</c> that names another issuer is refused always.
    /// </summary>
    private static async Task CheckIssuerParameterAsync(MessageReceivedContext context)
    {
        var iss = context.ProtocolMessage.GetParameter("iss");
        if (context.Options.ConfigurationManager is not { } manager)
        {
            return;
        }

        var configuration = await manager.GetConfigurationAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
        if ((configuration.AuthorizationResponseIssParameterSupported || iss is not null) && !string.Equals(iss, configuration.Issuer, StringComparison.Ordinal))
        {
            context.Fail(iss is null
                ? "The authorization response has no iss parameter, which the issuer announces (RFC 9207)."
                : "The authorization response's iss parameter names another issuer (RFC 9207).");
        }
    }
}
