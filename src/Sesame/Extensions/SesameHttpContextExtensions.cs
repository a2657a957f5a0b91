using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Access;
using Sesame.Serialization;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;

namespace Microsoft.AspNetCore.Http;

/// <summary>Server-side access to the session (next-auth's <c>getServerSession</c> and <c>getToken</c>).</summary>
public static class SesameHttpContextExtensions
{
    /// <summary>
    /// The request's session, as <c>GET /api/auth/session</c> would return it (after the <c>session</c> callback), or
    /// <see langword="null"/>. Resolved at most once per request, shared with the authentication scheme and the route
    /// protection; never throws for a bad or expired cookie (a failing callback is logged and reads as no session).
    /// </summary>
    public static Task<global::Sesame.Sessions.Session?> GetSessionAsync(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var feature = Resolver(httpContext).Resolve(httpContext);
        return feature.SessionTask ??= feature.Result.IsCompletedSuccessfully
            ? Task.FromResult(feature.Result.Result.Session)
            : SessionOf(feature.Result);

        static async Task<global::Sesame.Sessions.Session?> SessionOf(Task<SessionReadResult> pending) => (await pending.ConfigureAwait(false)).Session;
    }

    /// <summary>
    /// The request's session as the session list knows it (its id, expiry) and its user, or <see langword="null"/>:
    /// with the database strategy the row and user from the store; with revocable JWT sessions (<c>Jwt.Revocable</c>)
    /// the token's session id (<c>sid</c>), user id (<c>sub</c>), profile and sign-in time (the device data is in the
    /// list of <c>SesameSessionManager</c>); <see langword="null"/> for JWT sessions that are not revocable. Resolved with
    /// the same single read as <see cref="GetSessionAsync(HttpContext)"/>.
    /// </summary>
    public static async Task<SesameSessionAndUser?> GetStoredSessionAsync(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var result = await ResolveAsync(httpContext).ConfigureAwait(false);
        if (result is { Stored: { } stored, User: { } user })
        {
            return new SesameSessionAndUser { Session = stored, User = user };
        }

        if (result is not { Session: { } session, Token: { } token } || token.Subject is not { } userId ||
            SessionClaims.SessionIdOf(token) is not { } sessionId ||
            httpContext.RequestServices.GetService<global::Sesame.Sessions.Revocation.JwtSessionRevocation>() is not { Enabled: true })
        {
            return null;
        }

        return new SesameSessionAndUser
        {
            Session = new SesameSession { Id = sessionId, SessionKey = "", UserId = userId, Expires = session.Expires, CreatedAt = SessionClaims.AuthTimeOf(token) },
            User = new SesameUser { Id = userId, Name = token.Name, Email = token.Email, Image = token.Picture },
        };
    }

    /// <summary>
    /// The session mapped onto the app's own type (the seed's <c>Session</c> with <c>user.role</c>, <c>user.department</c>):
    /// the session JSON is deserialized into <typeparamref name="TSession"/>, whose properties mirror it
    /// (<c>user</c>, <c>expires</c>, custom fields). Each call returns a new object. <see langword="null"/> without a session.
    /// </summary>
    /// <param name="httpContext">The request.</param>
    /// <param name="options">Serializer options; by default <see cref="JsonSerializerOptions.Web"/> (camelCase, case-insensitive).</param>
    [RequiresUnreferencedCode("Maps JSON with reflection; use the JsonTypeInfo overload when trimming.")]
    [RequiresDynamicCode("Maps JSON with reflection; use the JsonTypeInfo overload for native AOT.")]
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads",
        Justification = "The JsonTypeInfo overload takes a required argument of another type: no call binds to both.")]
    public static async Task<TSession?> GetSessionAsync<TSession>(this HttpContext httpContext, JsonSerializerOptions? options = null)
        where TSession : class
    {
        var session = await httpContext.GetSessionAsync().ConfigureAwait(false);
        return session is null ? null : JsonSerializer.Deserialize<TSession>(ToJson(session), options ?? JsonSerializerOptions.Web);
    }

    /// <summary>As <see cref="GetSessionAsync{TSession}(HttpContext, JsonSerializerOptions?)"/>, with source-generated metadata (trimming and AOT safe).</summary>
    public static async Task<TSession?> GetSessionAsync<TSession>(this HttpContext httpContext, JsonTypeInfo<TSession> typeInfo)
        where TSession : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var session = await httpContext.GetSessionAsync().ConfigureAwait(false);
        return session is null ? null : JsonSerializer.Deserialize(ToJson(session), typeInfo);
    }

    /// <summary>
    /// The request's decoded session token (next-auth's <c>getToken</c>), after the <c>jwt</c> callback, or
    /// <see langword="null"/> without a session or with database sessions. From the same once-per-request resolution as
    /// <see cref="GetSessionAsync(HttpContext)"/>; changing it changes nothing that is stored.
    /// </summary>
    public static async Task<global::Sesame.Jwt.JwtClaims?> GetSessionTokenAsync(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return (await ResolveAsync(httpContext).ConfigureAwait(false)).Token;
    }

    /// <summary>
    /// Re-checks, before a sensitive action, that the session's user still exists and is active, through
    /// <c>SesameOptions.Access.ValidateUser</c> (the seed's "validate on critical operations"). <see langword="false"/>
    /// without a session or when the delegate says no (logged). Runs at most once per request.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>SesameOptions.Access.ValidateUser</c> is not set.</exception>
    public static Task<bool> ValidateUserAsync(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.RequestServices.GetRequiredService<UserValidator>().ValidateAsync(httpContext);
    }

    /// <summary>
    /// How this request's sign-in through the Sesame scheme (<c>SignInAsync(SesameDefaults.AuthenticationScheme, …)</c>)
    /// ended: whether a session was issued, or why not and where the user goes. <see langword="null"/> before a sign-in.
    /// </summary>
    public static global::Sesame.SignIn.SesameSignInResult? GetSesameSignInResult(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Features.Get<global::Sesame.SignIn.SignInResultFeature>()?.Result;
    }

    internal static Task<SessionReadResult> ResolveAsync(HttpContext httpContext) => Resolver(httpContext).Resolve(httpContext).Result;

    private static SessionResolver Resolver(HttpContext httpContext) =>
        httpContext.RequestServices.GetService<SessionResolver>() ?? throw new InvalidOperationException(
            "Reading the session needs Sesame's services: call builder.Services.AddSesame(…).");

    private static byte[] ToJson(global::Sesame.Sessions.Session session) =>
        JsonSerializer.SerializeToUtf8Bytes(session, SessionJsonContext.Default.Session);
}
