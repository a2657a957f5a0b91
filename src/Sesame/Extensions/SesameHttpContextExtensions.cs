using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Sesame.Sessions;
using Sesame.Stores;

namespace Microsoft.AspNetCore.Http;

/// <summary>Server-side access to the session (next-auth's <c>getServerSession</c>).</summary>
public static class SesameHttpContextExtensions
{
    /// <summary>
    /// The request's session, as <c>GET /api/auth/session</c> would return it (after the <c>session</c> callback), or
    /// <see langword="null"/>. Resolved at most once per request; never throws for a bad or expired cookie.
    /// </summary>
    public static Task<global::Sesame.Sessions.Session?> GetSessionAsync(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var result = ResolveAsync(httpContext);
        return result.IsCompletedSuccessfully ? Task.FromResult(result.Result.Session) : SessionOf(result);

        static async Task<global::Sesame.Sessions.Session?> SessionOf(Task<SessionReadResult> pending) => (await pending.ConfigureAwait(false)).Session;
    }

    /// <summary>
    /// Database strategy: the request's stored session (its id, device data, expiry) and user from the store, or
    /// <see langword="null"/>. Resolved with the same single read as <see cref="GetSessionAsync"/>.
    /// </summary>
    public static async Task<SesameSessionAndUser?> GetStoredSessionAsync(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var result = await ResolveAsync(httpContext).ConfigureAwait(false);
        return result is { Stored: { } stored, User: { } user } ? new SesameSessionAndUser { Session = stored, User = user } : null;
    }

    internal static Task<SessionReadResult> ResolveAsync(HttpContext httpContext)
    {
        if (httpContext.Features.Get<SessionFeature>() is { } feature)
        {
            return feature.Result;
        }

        var strategy = httpContext.RequestServices.GetRequiredService<ISessionStrategy>();
        var read = new SessionRead(JwtTrigger.None, null, WriteCookies: !httpContext.Response.HasStarted, FireEvent: false);
        var result = strategy.ReadAsync(httpContext, read, httpContext.RequestAborted);
        httpContext.Features.Set(new SessionFeature(result));
        return result;
    }
}
