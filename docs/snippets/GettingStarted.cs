using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Providers.Credentials;
using Sesame.Stores;

namespace Sesame.Docs.Snippets;

/// <summary>docs/getting-started.md</summary>
public static class GettingStarted
{
    public static WebApplication Minimal(string[] args, IAppUsers users)
    {
        #region getting-started-minimal
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSesame(options =>
            {
                // AUTH_SECRET and AUTH_URL come from configuration (environment variables) when not set here.
                options.Session.MaxAge = TimeSpan.FromDays(7);
            })
            .AddCredentials(provider =>
            {
                provider.Fields.Add(new CredentialField("username", "Username"));
                provider.Fields.Add(new CredentialField("password", "Password", "password"));
                // a SesameUser when the credentials are right, null otherwise (the user sees CredentialsSignin)
                provider.Authorize = context => users.CheckPasswordAsync(context["username"], context["password"], context.HttpContext.RequestAborted);
            });

        var app = builder.Build();
        app.MapSesame();   // /api/auth/{csrf,providers,session,signin,callback,signout,error,verify-request,_log}
        app.MapGet("/api/me", async (HttpContext http) =>
            await http.GetSessionAsync() is { } session
                ? Results.Json(session)
                : Results.Json(new { error = "Unauthorized" }, statusCode: StatusCodes.Status401Unauthorized));
        #endregion
        return app;
    }
}

/// <summary>The app's own user directory, as the snippets assume one.</summary>
public interface IAppUsers
{
    Task<SesameUser?> CheckPasswordAsync(string? username, string? password, CancellationToken cancellationToken);

    Task<bool> IsActiveAsync(string userId, CancellationToken cancellationToken);

    Task<string?> RoleOfAsync(string userId, CancellationToken cancellationToken);
}
