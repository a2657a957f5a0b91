using Microsoft.AspNetCore.Authorization;
using Sesame.Sessions;
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
