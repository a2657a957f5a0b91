using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Jwt;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Sesame.Docs.Snippets;

/// <summary>docs/jwt-sessions.md</summary>
public static class JwtSessions
{
    public static void Basic(WebApplicationBuilder builder)
    {
        #region jwt-basic
        builder.Services.AddSesame(options =>
        {
            options.Session.Strategy = SessionStrategy.Jwt;         // the default
            options.Session.MaxAge = TimeSpan.FromDays(30);         // next-auth's maxAge
            options.Session.UpdateAge = TimeSpan.FromHours(24);     // re-issue the cookie at most once a day
            options.Jwt.MaxAge = TimeSpan.FromDays(30);             // optional cap on the token itself
        });
        #endregion
    }

    public static void Callbacks(WebApplicationBuilder builder)
    {
        #region jwt-callbacks
        builder.Services.AddSesame(options =>
        {
            options.Callbacks.OnJwt = context =>
            {
                // User and Account are set only at sign-in; on later reads only the token is there.
                if (context.User is { } user)
                {
                    context.Token.Set("role", user.Properties.GetValueOrDefault("role"));
                }

                if (context.Account is { } account)
                {
                    context.Token.Set("provider", account.Provider);
                }

                return Task.CompletedTask;
            };
            options.Callbacks.OnSession = context =>
            {
                // The session is what GET /api/auth/session and GetSessionAsync() show: copy only what the client needs.
                context.Session.User.Id = context.Token?.Subject;
                context.Session.User.Set("role", context.Token?.Get("role")?.DeepClone());
                return Task.CompletedTask;
            };
        });
        #endregion
    }

    public static void CustomData(WebApplicationBuilder builder)
    {
        #region jwt-custom-data
        builder.Services.AddSesame(options =>
        {
            options.Callbacks.OnJwt = context =>
            {
                if (context.Trigger == Events.JwtTrigger.Update && context.Session is { } update &&
                    update.TryGetProperty("theme", out var theme))
                {
                    // useSession().update({ theme: "dark" }) / POST /api/auth/session: the client asks, the server decides.
                    context.Token.Set("theme", theme.GetString() is "dark" or "light" ? JsonValue.Create(theme.GetString()) : null);
                }

                return Task.CompletedTask;
            };
            options.Callbacks.OnSession = context =>
            {
                context.Session.Set("theme", context.Token?.Get("theme")?.DeepClone());
                return Task.CompletedTask;
            };
        });
        #endregion
    }

    public static void EncodeDecode(IServiceProvider services)
    {
        #region jwt-encode-decode
        // next-auth's encode/decode from "next-auth/jwt": the same format, keys and salt.
        var codec = services.GetRequiredService<IJwtCodec>();
        var claims = new JwtClaims { Subject = "user-1", Name = "Ada", Email = "ada@example.com" };
        claims.Set("role", "admin");
        var token = codec.Encode(claims, TimeSpan.FromHours(1), salt: "");   // "" for next-auth v4 session tokens
        var decoded = codec.Decode(token, salt: "");                          // null if tampered, expired or foreign
        #endregion
    }

    public static void Secrets(WebApplicationBuilder builder)
    {
        #region jwt-secret-rotation
        builder.Services.AddSesame(options =>
        {
            // The first secret encrypts; every one decrypts, so tokens made with the old secret stay valid while
            // they live. Or AUTH_SECRET_1, AUTH_SECRET_2, AUTH_SECRET_3 in configuration.
            options.Secrets.Add(builder.Configuration["AUTH_SECRET_NEW"]!);
            options.Secrets.Add(builder.Configuration["AUTH_SECRET_OLD"]!);
            options.Format = JwtFormat.NextAuthV4;   // or JwtFormat.AuthJsV5 to share cookies with an Auth.js v5 app
        });
        #endregion
    }

    public static void Revocable(WebApplicationBuilder builder, WebApplication app)
    {
        #region jwt-revocable
        builder.Services.AddSesame(options =>
            {
                options.Jwt.RevocationCheckInterval = TimeSpan.FromSeconds(5);   // the default: the longest a revocation takes
            })
            .AddStackExchangeRedisSessionRevocation("127.0.0.1:6379");          // turns on options.Jwt.Revocable
            // or .AddInMemorySessionRevocation() for an app that runs as one instance

        // The same SesameSessionManager as with database sessions: the device list, and revoking one, the others, all.
        app.MapPost("/api/sessions/revoke-all", async (HttpContext http, SesameSessionManager sessions) =>
            await http.GetStoredSessionAsync() is { } current   // the token's sid and sub
                ? Results.Json(new { revoked = await sessions.RevokeAllSessionsAsync(current.User.Id, http.RequestAborted) })
                : Results.Unauthorized());
        #endregion
    }
}
