using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sesame.Docs.Snippets;

/// <summary>docs/configuration.md</summary>
public static class Configuration
{
    public static void Binding(WebApplicationBuilder builder)
    {
        #region config-binding
        builder.Services.AddSesame(options =>
        {
            // Sesame:Session:Strategy, Sesame:Session:MaxAge, … from appsettings.json or Sesame__Session__MaxAge.
            builder.Configuration.GetSection("Sesame").Bind(options);
            options.Url ??= new Uri("https://app.example.com");   // else AUTH_URL / NEXTAUTH_URL
            options.BasePath = "/api/auth";                      // the default
        });
        #endregion
    }

    public static void Cookies(WebApplicationBuilder builder)
    {
        #region config-cookies
        builder.Services.AddSesame(options =>
        {
            // next-auth's cookies.sessionToken = { name, options }; unset values keep next-auth's defaults
            // (__Secure- prefix and Secure on https, HttpOnly, SameSite=Lax, Path=/).
            options.Cookies.SessionToken.Name = "__Secure-app.session";
            options.Cookies.SessionToken.Domain = "example.com";   // share the session with sub-domains
            options.Cookies.SessionToken.SameSite = SameSiteMode.Lax;
            options.UseSecureCookies = true;                      // default: true when the public URL is https
        });
        #endregion
    }

    public static void Pages(WebApplicationBuilder builder)
    {
        #region config-pages
        builder.Services.AddSesame(options =>
        {
            options.Pages.SignIn = "/login";            // your own sign-in page (it posts to /api/auth/callback/credentials)
            options.Pages.Error = "/auth/error";        // gets ?error=CredentialsSignin, AccessDenied, …
            options.Pages.NewUser = "/welcome";         // first sign-in of a new user
        });
        #endregion
    }

    public static void Endpoints(WebApplication app)
    {
        #region config-endpoint-policies
        // One endpoint per action: throttle sign-ins without throttling /session polling.
        app.MapSesame().Callback.RequireRateLimiting("sign-in");
        #endregion
    }
}
