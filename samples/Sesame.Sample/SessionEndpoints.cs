using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;

namespace Sesame.Sample;

/// <summary>
/// The device list and revocation of database sessions and of revocable JWT sessions (JWT mode with Redis), each
/// scoped to the caller's own sessions; every state change needs the CSRF token of <c>GET /api/auth/csrf</c> (header
/// <c>X-CSRF-Token</c> or body field <c>csrfToken</c>), and signing other devices out needs a recent sign-in
/// (<see cref="SensitiveActionWindow"/>).
/// Sessions are named by their id, never by their secret token. A store that fails after the session was read (Redis
/// or the database went down in between) answers 503 with a logged error, never 500.
/// </summary>
internal static class SessionEndpoints
{
    /// <summary>
    /// How recent the sign-in must be to sign other devices out: a stolen cookie must not be able to evict the real user
    /// while staying in. An older session gets 401 with a step-up challenge and signs in again.
    /// </summary>
    public static readonly TimeSpan SensitiveActionWindow = TimeSpan.FromMinutes(15);

    private static void FreshSession(AuthorizationPolicyBuilder policy) => policy.RequireFreshSession(SensitiveActionWindow);

    public static void Map(WebApplication app)
    {
        var sessions = app.MapGroup("/api/sessions");

        sessions.MapGet("/", async (HttpContext http, SesameSessionManager manager) =>
        {
            if (await http.GetStoredSessionAsync() is not { } current)
            {
                return Unauthorized();
            }

            return await StoreCallAsync(http, async () =>
            {
                var list = await manager.ListSessionsAsync(current.User.Id, http.RequestAborted);
                return Results.Json(list.Select(s => View(s, current.Session.Id)));
            });
        });

        sessions.MapDelete("/{id}", async (string id, HttpContext http, SesameSessionManager manager) =>
        {
            if (await http.GetStoredSessionAsync() is not { } current)
            {
                return Unauthorized();
            }

            if (!await http.IsCsrfTokenValidAsync())
            {
                return CsrfFailed();
            }

            return await StoreCallAsync(http, async () =>
                await manager.RevokeSessionAsync(current.User.Id, id, http.RequestAborted)
                    ? Results.Json(new { revoked = 1 })
                    : Results.Json(new { error = "NotFound" }, statusCode: StatusCodes.Status404NotFound));
        });

        sessions.MapPost("/revoke-others", async (HttpContext http, SesameSessionManager manager) =>
        {
            if (await http.GetStoredSessionAsync() is not { } current)
            {
                return Unauthorized();
            }

            if (!await http.IsCsrfTokenValidAsync())
            {
                return CsrfFailed();
            }

            return await StoreCallAsync(http, async () =>
                Results.Json(new { revoked = await manager.RevokeOtherSessionsAsync(current.User.Id, current.Session.Id, http.RequestAborted) }));
        }).RequireAuthorization(FreshSession);

        sessions.MapPost("/revoke-all", async (HttpContext http, SesameSessionManager manager) =>
        {
            if (await http.GetStoredSessionAsync() is not { } current)
            {
                return Unauthorized();
            }

            if (!await http.IsCsrfTokenValidAsync())
            {
                return CsrfFailed();
            }

            return await StoreCallAsync(http, async () =>
                Results.Json(new { revoked = await manager.RevokeAllSessionsAsync(current.User.Id, http.RequestAborted) }));
        }).RequireAuthorization(FreshSession);
    }

    /// <summary>
    /// An admin changes a user's role (body <c>{"role":"admin"}</c>, or <c>null</c> / <c>"user"</c> for an ordinary
    /// user, with the CSRF token): every session of that user has the new role on its next request, on whichever
    /// instance serves it, whose response re-issues the cookie; nobody signs in again. Database sessions read the role
    /// anew on every request anyway (from this process's demo users: the sample keeps roles in configuration, where a
    /// real app changes its database first); revocable JWT sessions get it through the revocation store.
    /// </summary>
    public static void MapRoleChange(WebApplication app) =>
        app.MapPost("/api/admin/users/{id}/role", async (string id, HttpContext http, SesameSessionManager manager, DemoUsers users) =>
        {
            if (!await http.IsCsrfTokenValidAsync())
            {
                return CsrfFailed();
            }

            if (await ReadRoleAsync(http.Request) is not (true, var role))
            {
                return Results.Json(new { error = "InvalidRole", allowed = new[] { "admin", "user" } }, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!users.ChangeRole(id, role))
            {
                return Results.Json(new { error = "NotFound" }, statusCode: StatusCodes.Status404NotFound);
            }

            return await StoreCallAsync(http, async () =>
            {
                var sessions = await manager.UpdateSessionsAsync(id, JsonSerializer.SerializeToElement(new { role }), http.RequestAborted);
                return Results.Json(new { id, role = role ?? "user", sessions });
            });
        }).RequireAuthorization(policy => policy.RequireRole("admin"));

    /// <summary>The role of the body: "admin", or null for "user" or JSON null; anything else (or a body that is not JSON) is refused.</summary>
    private static async Task<(bool Valid, string? Role)> ReadRoleAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("role", out var role))
            {
                return (false, null);
            }

            return role.ValueKind switch
            {
                JsonValueKind.Null => (true, null),
                JsonValueKind.String when role.ValueEquals("user") => (true, null),
                JsonValueKind.String when role.ValueEquals("admin") => (true, "admin"),
                _ => (false, null),
            };
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return (false, null);
        }
    }

    private static object View(SesameSession session, string currentId) => new
    {
        id = session.Id,
        createdAt = session.CreatedAt,
        lastSeenAt = session.LastSeenAt,
        expires = session.Expires,
        userAgent = session.UserAgent,
        ipAddress = session.IpAddress,
        current = session.Id == currentId,
    };

    private static async Task<IResult> StoreCallAsync(HttpContext http, Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionEndpoints).FullName!)
                .LogError(exception, "The session store failed during {Method} {Path}; answering 503.", http.Request.Method, http.Request.Path.Value);
            return Results.Json(new { error = "ServiceUnavailable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult Unauthorized() => Results.Json(new { error = "Unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);

    private static IResult CsrfFailed() => Results.Json(new { error = "InvalidCsrfToken" }, statusCode: StatusCodes.Status403Forbidden);
}
