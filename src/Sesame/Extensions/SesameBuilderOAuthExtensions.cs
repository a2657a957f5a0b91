using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Sesame;
using Sesame.Providers.OAuth;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds OAuth 2.0 / OpenID Connect providers: ASP.NET Core remote authentication handlers that sign in through Sesame.</summary>
public static class SesameBuilderOAuthExtensions
{
    /// <summary>
    /// Adds a generic OpenID Connect provider with id <paramref name="id"/> (<c>/signin/{id}</c>, <c>/callback/{id}</c>)
    /// on ASP.NET Core's <see cref="OpenIdConnectHandler"/>; see <see cref="OpenIdConnectProviderOptions"/>. Auth0, Okta,
    /// Keycloak, Entra ID and any other certified provider work through it. Listed as type <c>oauth</c>, as next-auth v4.
    /// </summary>
    public static SesameBuilder AddOpenIdConnect(this SesameBuilder builder, string id, Action<OpenIdConnectProviderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new OpenIdConnectProviderOptions();
        configure(settings);
        return builder.AddOpenIdConnect(id, settings);
    }

    /// <summary>
    /// Adds the Google preset as provider <c>google</c> (issuer <c>https://accounts.google.com</c>; <c>AUTH_GOOGLE_ID</c>,
    /// <c>AUTH_GOOGLE_SECRET</c>): the OpenID Connect provider with Google's name and issuer rules.
    /// </summary>
    public static SesameBuilder AddGoogle(this SesameBuilder builder, Action<OpenIdConnectProviderOptions>? configure = null) =>
        builder.AddOpenIdConnect("google", OpenIdConnectPresets.Apply(OpenIdConnectPresets.Google(), configure));

    /// <summary>
    /// Adds the GitLab preset as provider <c>gitlab</c> (issuer <c>https://gitlab.com</c>, or a self-managed instance's
    /// through <c>Issuer</c> or <c>AUTH_GITLAB_ISSUER</c>; <c>AUTH_GITLAB_ID</c>, <c>AUTH_GITLAB_SECRET</c>).
    /// </summary>
    public static SesameBuilder AddGitLab(this SesameBuilder builder, Action<OpenIdConnectProviderOptions>? configure = null) =>
        builder.AddOpenIdConnect("gitlab", OpenIdConnectPresets.Apply(OpenIdConnectPresets.GitLab(), configure));

    /// <summary>
    /// Adds the Microsoft Entra ID preset as provider <c>microsoft-entra-id</c> (Auth.js's id): issuer
    /// <c>https://login.microsoftonline.com/{tenant}/v2.0</c> from <c>Issuer</c> or <c>AUTH_MICROSOFT_ENTRA_ID_ISSUER</c>,
    /// <c>common</c> when neither names a tenant; a multi-tenant issuer is checked against each token's own tenant.
    /// Client id and secret from <c>AUTH_MICROSOFT_ENTRA_ID_ID</c> and <c>AUTH_MICROSOFT_ENTRA_ID_SECRET</c>.
    /// </summary>
    public static SesameBuilder AddMicrosoftEntraId(this SesameBuilder builder, Action<OpenIdConnectProviderOptions>? configure = null) =>
        builder.AddOpenIdConnect("microsoft-entra-id", OpenIdConnectPresets.Apply(OpenIdConnectPresets.MicrosoftEntraId(), configure));

    /// <summary>
    /// Adds the Apple preset ("Sign in with Apple") as provider <c>apple</c>: the OpenID Connect provider with Apple's
    /// issuer, <c>response_mode=form_post</c>, <c>client_secret_post</c> and the client-secret JWT Sesame signs with the
    /// team's key (or a ready-made one), the name from Apple's first-authorization <c>user</c> field; see
    /// <see cref="AppleProviderOptions"/>. Listed as type <c>oauth</c>, as next-auth v4.
    /// </summary>
    public static SesameBuilder AddApple(this SesameBuilder builder, Action<AppleProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var apple = new AppleProviderOptions();
        configure?.Invoke(apple);
        builder.Services.TryAddSingleton(services => AppleClientCredentials.Create(
            apple, services.GetService<IConfiguration>(), services.GetRequiredService<TimeProvider>(), services));
        return builder.AddOpenIdConnect(
            AppleClientCredentials.Id,
            OpenIdConnectPresets.Apple(apple),
            backchannel: client => client.AddHttpMessageHandler(services => new AppleClientSecretHandler(services.GetRequiredService<AppleClientCredentials>())),
            presetProblems: (options, services) =>
            {
                var credentials = services.GetRequiredService<AppleClientCredentials>();
                options.ClientId = credentials.ClientId;
                // a ready-made secret goes in the form as any client secret; a signed one is added by the backchannel
                options.ClientSecret = credentials.FixedSecret;
                return credentials.Problems;
            });
    }

    /// <param name="builder">The Sesame builder.</param>
    /// <param name="id">The provider id.</param>
    /// <param name="settings">The provider's settings (a preset's, or the app's).</param>
    /// <param name="backchannel">A preset's additions to the provider's HttpClient.</param>
    /// <param name="presetProblems">
    /// A preset's own completion of the handler's options and its start-up problems, which replace the generic
    /// client-id check (a preset knows better what its client id is called).
    /// </param>
    private static SesameBuilder AddOpenIdConnect(this SesameBuilder builder, string id, OpenIdConnectProviderOptions settings,
        Action<IHttpClientBuilder>? backchannel = null, Func<OpenIdConnectOptions, IServiceProvider, IReadOnlyList<string>>? presetProblems = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var provider = NewProvider(id, settings.Name, settings.AllowDangerousEmailAccountLinking, settings.Profile);
        builder.Services.TryAddSingleton(provider => new OAuthTokenRefresher(
            provider.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>(),
            provider.GetRequiredService<SesameSettings>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OAuthTokenRefresher>>()));
        var httpClient = AddBackchannel(builder.Services, id, settings.BackchannelTimeout, settings.ClientAuthentication);
        if (backchannel is not null)
        {
            // (AddHttpClient with the same name configures the same client further)
            backchannel(builder.Services.AddHttpClient(httpClient));
        }

        return builder.AddProvider<OpenIdConnectOptions>(
            provider,
            authentication => authentication.AddOpenIdConnect(provider.SchemeName, settings.Name, _ => { }),
            (options, services) =>
            {
                OpenIdConnectSetup.Configure(options, provider, settings, services, httpClient);
                var problems = presetProblems?.Invoke(options, services) ?? [];
                // checked here, before the handler's own post-configure would fail with a framework exception
                OAuthSchemeSetup.ThrowIfMisconfigured<OpenIdConnectOptions>(provider.SchemeName,
                    [.. problems.Select(problem => (true, problem)),
                    (options.Authority is null,
                        $"The OpenID Connect provider '{id}' has no issuer: set Issuer, or {OAuthSchemeSetup.EnvironmentName(id, "ISSUER")} in configuration."),
                    (options.Authority is not null && !OAuthSchemeSetup.IsAcceptableIssuer(new Uri(options.Authority)),
                        $"The issuer of OpenID Connect provider '{id}' must be an https URL (http only on a loopback address, for a local identity provider)."),
                    (presetProblems is null && string.IsNullOrEmpty(options.ClientId),
                        $"The OpenID Connect provider '{id}' has no client id: set ClientId, or {OAuthSchemeSetup.EnvironmentName(id, "ID")} in configuration.")]);
            });
    }

    /// <summary>
    /// Adds any ASP.NET Core remote authentication handler (an <c>AspNet.Security.OAuth.*</c> provider, Google,
    /// Microsoft Account, your own) as Sesame provider <paramref name="id"/>: Sesame sets its callback path to
    /// <c>{basePath}/callback/{id}</c>, its sign-in scheme to Sesame, <c>SaveTokens</c>, and its failure handling; the
    /// principal's <c>sub</c> (or name identifier), <c>name</c>, <c>email</c> and <c>picture</c> claims describe the user.
    /// </summary>
    public static SesameBuilder AddRemoteProvider<THandler, TOptions>(this SesameBuilder builder, string id, string name, Action<TOptions> configure)
        where THandler : RemoteAuthenticationHandler<TOptions>
        where TOptions : RemoteAuthenticationOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(configure);
        var provider = NewProvider(id, name, allowDangerousEmailAccountLinking: false, profile: null);
        AddFrameworkPostConfigure<THandler, TOptions>(builder.Services);
        // the app's configure runs first (it is the scheme's own), Sesame's settings after it
        return builder.AddProvider<TOptions>(
            provider,
            authentication => authentication.AddRemoteScheme<TOptions, THandler>(provider.SchemeName, name, configure),
            configure: null);
    }

    /// <summary>
    /// Adds the GitHub preset as provider <c>github</c>: a GitHub OAuth app on ASP.NET Core's OAuth handler, with the
    /// user's private e-mail address from <c>/user/emails</c>; see <see cref="GitHubProviderOptions"/>.
    /// </summary>
    public static SesameBuilder AddGitHub(this SesameBuilder builder, Action<GitHubProviderOptions> configure) =>
        builder.AddOAuthApp<GitHubProviderOptions, GitHubOAuthOptions, GitHubHandler>("github", "GitHub", configure, (settings, options) =>
        {
            options.EmailsEndpoint = settings.EmailsEndpoint.ToString();
            options.ApiMediaType = "application/vnd.github+json";
            // next-auth's GitHub profile: id, name (else login), email, avatar
            options.ClaimActions.MapJsonKey("sub", "id");
            options.ClaimActions.MapCustomJson("name", user =>
                user.TryGetProperty("name", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String ? name.GetString()
                : user.TryGetProperty("login", out var login) ? login.GetString() : null);
            options.ClaimActions.MapJsonKey("email", "email");
            options.ClaimActions.MapJsonKey("picture", "avatar_url");
        });

    /// <summary>
    /// Adds the Discord preset as provider <c>discord</c>: a Discord OAuth2 application on ASP.NET Core's OAuth handler,
    /// the user from <c>/users/@me</c> with its avatar (or default avatar) URL; see <see cref="DiscordProviderOptions"/>.
    /// </summary>
    public static SesameBuilder AddDiscord(this SesameBuilder builder, Action<DiscordProviderOptions> configure) =>
        builder.AddOAuthApp<DiscordProviderOptions, OAuthPresetOptions, OAuthPresetHandler<OAuthPresetOptions>>("discord", "Discord", configure,
            (_, options) => DiscordProfile.Map(options.ClaimActions));

    /// <summary>
    /// A plain OAuth 2.0 preset as provider <paramref name="id"/> (<paramref name="label"/> in start-up errors): the client from the settings or <c>AUTH_{ID}_ID</c> /
    /// <c>AUTH_{ID}_SECRET</c>, the endpoints, scopes, PKCE and backchannel; then the preset's own claim mapping and
    /// endpoints (<paramref name="configurePreset"/>).
    /// </summary>
    private static SesameBuilder AddOAuthApp<TSettings, TOptions, THandler>(this SesameBuilder builder, string id, string label, Action<TSettings> configure, Action<TSettings, TOptions> configurePreset)
        where TSettings : OAuthAppProviderOptions, new()
        where TOptions : OAuthPresetOptions, new()
        where THandler : OAuthPresetHandler<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new TSettings();
        configure(settings);
        var provider = NewProvider(id, settings.Name, settings.AllowDangerousEmailAccountLinking, settings.Profile);
        var httpClient = AddBackchannel(builder.Services, id, settings.BackchannelTimeout, settings.TokenEndpointAuthentication);
        return builder.AddProvider<TOptions>(
            provider,
            authentication => authentication.AddOAuth<TOptions, THandler>(provider.SchemeName, settings.Name, _ => { }),
            (options, services) =>
            {
                var configuration = services.GetService<IConfiguration>();
                options.ProviderId = id;
                options.ClientId = settings.ClientId ?? configuration?[OAuthSchemeSetup.EnvironmentName(id, "ID")] ?? "";
                options.ClientSecret = settings.ClientSecret ?? configuration?[OAuthSchemeSetup.EnvironmentName(id, "SECRET")] ?? "";
                options.AuthorizationEndpoint = settings.AuthorizationEndpoint.ToString();
                options.TokenEndpoint = settings.TokenEndpoint.ToString();
                options.UserInformationEndpoint = settings.UserEndpoint.ToString();
                options.UsePkce = true;
                options.Scope.Clear();
                foreach (var scope in settings.Scope)
                {
                    options.Scope.Add(scope);
                }

                configurePreset(settings, options);
                options.BackchannelTimeout = settings.BackchannelTimeout;
                options.Backchannel = services.GetRequiredService<IHttpClientFactory>().CreateClient(httpClient);
                OAuthSchemeSetup.ThrowIfMisconfigured<TOptions>(provider.SchemeName,
                    (string.IsNullOrEmpty(options.ClientId) || string.IsNullOrEmpty(options.ClientSecret),
                        $"The {label} provider has no client id or secret: set ClientId and ClientSecret, or {OAuthSchemeSetup.EnvironmentName(id, "ID")} and {OAuthSchemeSetup.EnvironmentName(id, "SECRET")} in configuration."));
            });
    }

    /// <summary>
    /// The post-configure step that the framework's own <c>AddOAuth</c> and <c>AddOpenIdConnect</c> register and plain
    /// <c>AddRemoteScheme</c> does not: without it an OAuth handler has no state protector or backchannel, and its first
    /// challenge fails (OAuthSignin).
    /// </summary>
    private static void AddFrameworkPostConfigure<THandler, TOptions>(IServiceCollection services)
        where THandler : RemoteAuthenticationHandler<TOptions>
        where TOptions : RemoteAuthenticationOptions, new()
    {
        if (typeof(TOptions) == typeof(OpenIdConnectOptions))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        }
        else if (typeof(Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions).IsAssignableFrom(typeof(TOptions))
            && typeof(Microsoft.AspNetCore.Authentication.OAuth.OAuthHandler<>).MakeGenericType(typeof(TOptions)).IsAssignableFrom(typeof(THandler)))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(
                typeof(IPostConfigureOptions<TOptions>),
                typeof(OAuthPostConfigureOptions<,>).MakeGenericType(typeof(TOptions), typeof(THandler))));
        }
    }

    private static OAuthProvider NewProvider(string id, string name, bool allowDangerousEmailAccountLinking, Func<System.Security.Claims.ClaimsPrincipal, Sesame.Stores.SesameUser, Sesame.Stores.SesameUser>? profile) =>
        new(id, name, OAuthSchemeSetup.SchemeNameOf(id))
        {
            AllowDangerousEmailAccountLinking = allowDangerousEmailAccountLinking,
            Profile = profile,
        };

    /// <summary>
    /// What every provider registers: the provider in Sesame's list, its remote scheme (<paramref name="addScheme"/>),
    /// and the scheme's options: the preset's own settings (<paramref name="configure"/>, which also checks them), then
    /// Sesame's (callback path, sign-in scheme, check cookies, events; <see cref="OAuthSchemeSetup.Apply"/>).
    /// </summary>
    private static SesameBuilder AddProvider<TOptions>(this SesameBuilder builder, OAuthProvider provider, Action<AuthenticationBuilder> addScheme, Action<TOptions, IServiceProvider>? configure)
        where TOptions : RemoteAuthenticationOptions
    {
        var services = builder.Services;
        services.Configure<SesameOptions>(options => options.Providers.Add(provider));
        addScheme(services.AddAuthentication());
        services.AddOptions<TOptions>(provider.SchemeName).Configure<IServiceProvider>((options, services) =>
        {
            configure?.Invoke(options, services);
            OAuthSchemeSetup.Apply(options, provider, services.GetRequiredService<SesameSettings>().BasePath);
        }).ValidateOnStart();
        AddCallbackPathValidation<TOptions>(services, provider.SchemeName, provider.Id);
        return builder;
    }

    /// <summary>The check that the app did not move the provider's callback path after Sesame set it (see <see cref="OAuthCallbackPathValidator{TOptions}"/>).</summary>
    private static void AddCallbackPathValidation<TOptions>(IServiceCollection services, string scheme, string id)
        where TOptions : RemoteAuthenticationOptions =>
        services.AddSingleton<IValidateOptions<TOptions>>(provider => new OAuthCallbackPathValidator<TOptions>(scheme, id, provider.GetRequiredService<SesameSettings>()));

    /// <summary>The provider's named HttpClient: its timeout, and client_secret_basic when chosen.</summary>
    internal static string AddBackchannel(IServiceCollection services, string id, TimeSpan timeout, OAuthClientAuthentication authentication)
    {
        var name = OAuthSchemeSetup.HttpClientName + "." + id;
        var client = services.AddHttpClient(name, http =>
        {
            http.Timeout = timeout;
            // some APIs (GitHub's) refuse requests without one
            http.DefaultRequestHeaders.UserAgent.ParseAdd("Sesame");
        });
        if (authentication == OAuthClientAuthentication.ClientSecretBasic)
        {
            client.AddHttpMessageHandler(() => new ClientSecretBasicHandler());
        }

        return name;
    }
}
