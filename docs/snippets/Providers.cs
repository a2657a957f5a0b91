using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Providers.OAuth;
using Sesame.Stores;

namespace Sesame.Docs.Snippets;

/// <summary>docs/providers/*.md</summary>
public static class Providers
{
    public static void OpenIdConnect(WebApplicationBuilder builder)
    {
        #region provider-oidc
        builder.Services.AddSesame(options => { })
            .AddOpenIdConnect("oidc", provider =>
            {
                provider.Name = "Company login";                           // the button and GET /api/auth/providers
                provider.Issuer = new Uri("https://login.example.com");    // discovery and JWKS (key rotation) from here
                provider.ClientId = builder.Configuration["AUTH_OIDC_ID"];  // AUTH_OIDC_ID/SECRET/ISSUER are read anyway
                provider.ClientSecret = builder.Configuration["AUTH_OIDC_SECRET"];
                provider.ClientAuthentication = OAuthClientAuthentication.ClientSecretBasic;
                provider.Scope.Add("offline_access");
                provider.Profile = (claims, user) => user with { Name = claims.FindFirst("preferred_username")?.Value ?? user.Name };
            });
        // Register {AUTH_URL}/api/auth/callback/oidc as the redirect URI at the provider.
        #endregion
    }

    public static void GitHub(WebApplicationBuilder builder)
    {
        #region provider-github
        builder.Services.AddSesame(options => { })
            .AddGitHub(provider =>
            {
                provider.ClientId = builder.Configuration["AUTH_GITHUB_ID"];
                provider.ClientSecret = builder.Configuration["AUTH_GITHUB_SECRET"];
                provider.AllowDangerousEmailAccountLinking = false;   // link to an existing user only by explicit choice
            });
        #endregion
    }

    public static void Discord(WebApplicationBuilder builder)
    {
        #region provider-discord
        builder.Services.AddSesame(options => { })
            .AddDiscord(provider =>
            {
                provider.ClientId = builder.Configuration["AUTH_DISCORD_ID"];   // AUTH_DISCORD_ID/SECRET are read anyway
                provider.ClientSecret = builder.Configuration["AUTH_DISCORD_SECRET"];
                provider.Scope.Add("guilds");                                   // identify email, and more when needed
            });
        // Register {AUTH_URL}/api/auth/callback/discord as a redirect in the application's OAuth2 settings.
        #endregion
    }

    public static void Apple(WebApplicationBuilder builder)
    {
        #region provider-apple
        builder.Services.AddSesame(options => { })
            .AddApple(provider =>
            {
                // (the AUTH_APPLE_* settings are read anyway; set them here only to take them from elsewhere)
                provider.ClientId = builder.Configuration["AUTH_APPLE_ID"];            // the Services ID, e.g. com.example.web
                provider.TeamId = builder.Configuration["AUTH_APPLE_TEAM_ID"];         // Membership details → Team ID
                provider.KeyId = builder.Configuration["AUTH_APPLE_KEY_ID"];           // Keys → the Sign in with Apple key's id
                provider.PrivateKey = builder.Configuration["AUTH_APPLE_PRIVATE_KEY"]; // the AuthKey_{KeyId}.p8 file's text
                // Sesame signs the client-secret JWT from these three (ES256, 1 hour, renewed as needed). Instead of
                // them, ClientSecret (AUTH_APPLE_SECRET) takes a ready-made JWT you signed, valid at most six months.
            });
        // Register {AUTH_URL}/api/auth/callback/apple as a Return URL of the Services ID (https, not localhost).
        #endregion
    }

    public static void Presets(WebApplicationBuilder builder)
    {
        #region provider-presets
        // Client ids and secrets come from AUTH_GOOGLE_ID/SECRET, AUTH_GITLAB_ID/SECRET, AUTH_MICROSOFT_ENTRA_ID_ID/SECRET.
        builder.Services.AddSesame(options => { })
            .AddGoogle()
            .AddGitLab(gitlab => gitlab.Issuer = new Uri("https://gitlab.example.com"))   // self-managed; gitlab.com by default
            .AddMicrosoftEntraId(entra =>
                // one tenant; without it "common", where each token is checked against its own tenant
                entra.Issuer = new Uri("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"));
        #endregion
    }

    public static void Credentials(WebApplicationBuilder builder, IAppUsers users)
    {
        #region provider-credentials
        builder.Services.AddSesame(options => { })
            .AddCredentials(provider =>
            {
                provider.Name = "Password";
                provider.Fields.Add(new Sesame.Providers.Credentials.CredentialField("username", "Username", "text", "jsmith"));
                provider.Fields.Add(new Sesame.Providers.Credentials.CredentialField("password", "Password", "password"));
                provider.Authorize = async context =>
                {
                    // Throwing CredentialsSignInException("…") puts its message in ?error=; anything else is CredentialsSignin.
                    SesameUser? user = await users.CheckPasswordAsync(context["username"], context["password"], context.HttpContext.RequestAborted);
                    return user;
                };
            });
        #endregion
    }

    public static void Email(WebApplicationBuilder builder)
    {
        #region provider-email
        builder.Services.AddDbContextPool<Sesame.EntityFrameworkCore.SesameDbContext>(o => o.UseSqlite("Data Source=sesame.db"));
        builder.Services.AddSesame(options => { })
            .AddEntityFrameworkCoreVerificationTokenStore<Sesame.EntityFrameworkCore.SesameDbContext>()   // JWT sessions: only the links' tokens
            .AddEmail(provider =>
            {
                // EMAIL_SERVER (smtp://user:pass@host:587, smtps://…:465) and EMAIL_FROM are read when these are not set
                provider.From = "My App <no-reply@example.com>";
                provider.MaxAge = TimeSpan.FromHours(1);          // default 24 h
                provider.PermitsPerAddress = 5;                   // links per address per RateLimitWindow (15 min)
            });
        // A mail API instead of SMTP: .AddEmail<MyMailApiSender>(…) with a class implementing IEmailSender.
        #endregion
    }

    public static void Redis(WebApplicationBuilder builder)
    {
        #region provider-redis-stores
        builder.Services.AddSesame(options => options.Session.Strategy = Sessions.SessionStrategy.Database)
            .AddStackExchangeRedisStores("127.0.0.1:6379");   // users, accounts, sessions, verification tokens
        #endregion
    }
}
