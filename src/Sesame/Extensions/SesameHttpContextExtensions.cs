using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Sesame.Sessions;

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
