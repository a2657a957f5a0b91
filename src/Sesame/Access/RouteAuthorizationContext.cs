using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Sesame.Jwt;
using Sesame.Sessions;

namespace Sesame.Access;

/// <summary>What the route protection's <c>authorized</c> callback sees (next-auth's <c>{ token, req }</c>).</summary>
public sealed class RouteAuthorizationContext
{
    internal RouteAuthorizationContext(HttpContext httpContext, Session? session, JwtClaims? token, ClaimsPrincipal user)
    {
        HttpContext = httpContext;
        Session = session;
        Token = token;
        User = user;
    }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The session (after the <c>session</c> callback), or <see langword="null"/> without one.</summary>
    public Session? Session { get; }

    /// <summary>JWT strategy: the decoded token (after the <c>jwt</c> callback), or <see langword="null"/>.</summary>
    public JwtClaims? Token { get; }

    /// <summary>The user built from the session (claims and roles); unauthenticated without a session.</summary>
    public ClaimsPrincipal User { get; }
}
