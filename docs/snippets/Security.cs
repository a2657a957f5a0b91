using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Sesame.Docs.Snippets;

/// <summary>docs/security.md</summary>
public static class Security
{
    public static void Csrf(WebApplication app)
    {
        #region security-csrf
        // Sesame's own POST endpoints check next-auth's double-submit CSRF token. Your state-changing endpoints can use
        // the same token: the client sends the value of GET /api/auth/csrf in an X-CSRF-Token header or a csrfToken field.
        app.MapPost("/api/settings", async (HttpContext http) =>
            await http.IsCsrfTokenValidAsync()
                ? Results.NoContent()
                : Results.Json(new { error = "CSRF token missing or invalid" }, statusCode: StatusCodes.Status403Forbidden));
        #endregion
    }

    public static void Validation(WebApplicationBuilder builder, IAppUsers users)
    {
        #region security-validation
        builder.Services.AddSesame(options =>
        {
            // Best practice 3: endpoints behind the FreshUser policy re-check the user on every request.
            options.Access.ValidateUser = context => users.IsActiveAsync(context.UserId, context.RequestAborted);
            // And on every session read: a deactivated user's old cookies stop working everywhere within 30 s
            // (the answer is kept per user for ValidatedUserCacheDuration), and their rows are deleted.
            options.Access.ValidateUserOnEveryRead = true;
        });
        #endregion
    }

    public static void FreshUser(WebApplication app)
    {
        #region security-fresh-user
        app.MapDelete("/api/account", () => Results.NoContent())
            .RequireAuthorization(SesameDefaults.FreshUserPolicy);   // or policy => policy.RequireFreshUser()
        #endregion
    }

    public static void FreshSession(WebApplication app)
    {
        #region security-fresh-session
        // Signing other devices out needs a sign-in from the last 15 minutes, not just a valid cookie.
        app.MapPost("/api/sessions/revoke-others", () => Results.Ok())
            .RequireAuthorization(policy => policy.RequireFreshSession(TimeSpan.FromMinutes(15)));
        #endregion
    }

    public static void Invalidation(WebApplication app)
    {
        #region security-invalidation
        // Database sessions (and revocable JWT sessions): list and revoke a user's sessions from the server.
        app.MapPost("/api/sessions/revoke-others", async (HttpContext http, SesameSessionManager sessions) =>
        {
            var current = await http.GetStoredSessionAsync();
            if (current is null)
            {
                return Results.Unauthorized();
            }

            var revoked = await sessions.RevokeOtherSessionsAsync(current.User.Id, current.Session.Id, http.RequestAborted);
            return Results.Json(new { revoked });
        });
        #endregion
    }

    public static void ServerSideUpdate(WebApplicationBuilder builder, WebApplication app, IAppUserAdmin admin)
    {
        #region security-server-side-update
        builder.Services.AddSesame(options =>
        {
            options.Callbacks.OnJwt = context =>
            {
                // The app's own data, never a client's: a server-side update may change what update() must not.
                if (context.Trigger == JwtTrigger.ServerUpdate &&
                    context.Session is { ValueKind: JsonValueKind.Object } data &&
                    data.TryGetProperty("role", out var role))
                {
                    context.Token.Set("role", role.ValueKind == JsonValueKind.String ? JsonValue.Create(role.GetString()) : null);
                }

                return Task.CompletedTask;
            };
        });

        // An admin changes a user's role: every session of that user has it on its next request, on any instance, and
        // that response re-issues the cookie. Nobody signs in again.
        app.MapPost("/api/admin/users/{id}/role", async (string id, RoleChange change, HttpContext http, SesameSessionManager sessions) =>
        {
            await admin.SetRoleAsync(id, change.Role, http.RequestAborted);   // your database first
            var updated = await sessions.UpdateSessionsAsync(id, JsonSerializer.SerializeToElement(new { role = change.Role }), http.RequestAborted);
            return Results.Json(new { sessions = updated });
        }).RequireAuthorization(policy => policy.RequireRole("admin"));
        #endregion
    }
}

public sealed record RoleChange(string? Role);

public interface IAppUserAdmin
{
    Task SetRoleAsync(string userId, string? role, CancellationToken cancellationToken);
}
