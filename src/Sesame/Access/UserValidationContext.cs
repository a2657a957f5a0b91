using Microsoft.AspNetCore.Http;
using Sesame.Jwt;
using Sesame.Sessions;

namespace Sesame.Access;

/// <summary>What <see cref="SesameAccessOptions.ValidateUser"/> gets: the user to re-check and the request.</summary>
public sealed class UserValidationContext
{
    internal UserValidationContext(string userId, Session session, JwtClaims? token, HttpContext httpContext)
    {
        UserId = userId;
        Session = session;
        Token = token;
        HttpContext = httpContext;
    }

    /// <summary>The user id: the session's <c>user.id</c>, else the token's <c>sub</c>.</summary>
    public string UserId { get; }

    /// <summary>The request's session (after the <c>session</c> callback).</summary>
    public Session Session { get; }

    /// <summary>JWT strategy: the decoded token; <see langword="null"/> for database sessions.</summary>
    public JwtClaims? Token { get; }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>Cancelled when the client goes away; pass it to the user lookup.</summary>
    public CancellationToken RequestAborted => HttpContext.RequestAborted;
}
