using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Mfa;
using Sesame.Sessions;
using Sesame.Providers.OAuth;
using Sesame.Stores;

namespace Sesame.Docs.Snippets;

/// <summary>docs/advanced.md</summary>
public static class Advanced
{
    public static void Sliding(WebApplicationBuilder builder)
    {
        #region advanced-sliding
        builder.Services.AddSesame(options =>
        {
            // A session lives MaxAge from its last refresh; an active user is refreshed at most once per UpdateAge,
            // so an idle user is signed out after MaxAge and an active one stays signed in.
            options.Session.MaxAge = TimeSpan.FromHours(8);
            options.Session.UpdateAge = TimeSpan.FromMinutes(15);
        });
        #endregion
    }

    public static void AbsoluteAndRememberMe(WebApplicationBuilder builder)
    {
        #region advanced-absolute-remember-me
        builder.Services.AddSesame(options =>
        {
            // No refresh extends a session past 7 days from sign-in, however busy it is.
            options.Session.AbsoluteLifetime = TimeSpan.FromDays(7);

            // Each sign-in chooses: "remember me" keeps a persistent cookie living MaxAge; otherwise the cookie has no
            // Expires (the browser drops it on close) and the server ends it after 12 idle hours.
            options.Session.RememberMe.Enabled = true;
            options.Session.RememberMe.BrowserSessionMaxAge = TimeSpan.FromHours(12);
        });
        #endregion
    }

    public static void Totp(WebApplicationBuilder builder)
    {
        #region advanced-mfa-totp
        builder.Services.AddDbContextPool<SesameDbContext>(db => db.UseSqlite("Data Source=app.db"));
        builder.Services.AddSesame(options => options.Session.Strategy = SessionStrategy.Database)
            .AddEntityFrameworkCoreStores<SesameDbContext>()   // includes the TOTP store (TotpEnrolment, TotpRecoveryCode)
            .AddTotp(totp =>
            {
                totp.Issuer = "Acme";                          // what authenticator apps show
                totp.VerificationPath = "/auth/verify-mfa";    // the code page, mapped by MapSesame()
            });
        #endregion
    }

    public static void TotpEnrolment(WebApplication app)
    {
        #region advanced-mfa-enrolment
        // Offer a secret as a QR code, then confirm it with the user's first code; show the recovery codes once.
        app.MapGet("/account/mfa", (HttpContext http, SesameTotp totp) =>
            Results.Content($"<img src=\"{totp.Offer("alice@example.com").QrCodeDataUrl}\">", "text/html"));
        app.MapPost("/account/mfa", async (string secret, string code, HttpContext http, SesameTotp totp) =>
            await totp.ConfirmEnrolmentAsync(http.User.FindFirst("sub")?.Value ?? "", secret, code) is { } recoveryCodes
                ? Results.Json(recoveryCodes)
                : Results.BadRequest());
        #endregion
    }

    public static void SeedMfa(WebApplicationBuilder builder, IAppUsers users)
    {
        #region advanced-mfa-callback
        builder.Services.AddSesame(options =>
        {
            // The seed's own pattern for apps that run their own second factor: send the user on after the first one.
            options.Callbacks.OnSignIn = async context =>
            {
                if (await users.RoleOfAsync(context.User.Id, context.HttpContext.RequestAborted) == "admin")
                {
                    context.RedirectTo("/auth/verify-mfa");
                }
            };
        });
        #endregion
    }

    public static void Refresh(WebApplicationBuilder builder)
    {
        #region advanced-refresh
        builder.Services.AddSesame(options =>
        {
            options.Callbacks.OnJwt = async context =>
            {
                if (context.Account is { } account)   // sign-in: keep the provider's tokens
                {
                    context.Token.Set("access_token", account.AccessToken);
                    context.Token.Set("refresh_token", account.RefreshToken);
                    context.Token.Set("expires_at", account.ExpiresAt);
                    return;
                }

                var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
                if (context.Token.Get("expires_at")?.GetValue<long>() < now && context.Token.GetString("refresh_token") is { } refreshToken)
                {
                    // One call to the provider for concurrent requests of one session; the rotated refresh token comes back.
                    var refresher = context.HttpContext.RequestServices.GetRequiredService<OAuthTokenRefresher>();
                    var result = await refresher.RefreshAsync("oidc", refreshToken, context.HttpContext.RequestAborted);
                    if (result.Succeeded)
                    {
                        context.Token.Set("access_token", result.AccessToken);
                        context.Token.Set("refresh_token", result.RefreshToken);
                        context.Token.Set("expires_at", result.ExpiresAt);
                    }
                    else
                    {
                        context.Token.Set("error", result.Error);   // "RefreshAccessTokenError": ask the user to sign in again
                    }
                }
            };
            options.Callbacks.OnSession = context =>
            {
                context.Session.Set("error", context.Token?.Get("error")?.DeepClone());
                return Task.CompletedTask;
            };
        });
        #endregion
    }

    public static void RefreshDatabase(WebApplicationBuilder builder)
    {
        #region advanced-refresh-database
        builder.Services.AddSesame(options =>
        {
            options.Session.Strategy = SessionStrategy.Database;
            options.Callbacks.OnSession = async context =>
            {
                var services = context.HttpContext.RequestServices;
                var accounts = services.GetRequiredService<IAccountStore>();
                var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
                foreach (var account in await accounts.GetUserAccountsAsync(context.User!.Id, context.HttpContext.RequestAborted))
                {
                    if (account.Provider == "oidc" && account.ExpiresAt < now && account.RefreshToken is not null)
                    {
                        // One call for concurrent requests; the new tokens are written back to the account row.
                        var result = await services.GetRequiredService<OAuthTokenRefresher>()
                            .RefreshAccountAsync(account, accounts, context.HttpContext.RequestAborted);
                        if (!result.Succeeded)
                        {
                            context.Session.Set("error", result.Error);   // "RefreshAccessTokenError"
                        }
                    }
                }
            };
        });
        #endregion
    }
}
