using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sesame.Jwt;
using Sesame.Sessions;
using Sesame.Stores;

namespace Sesame.Events;

/// <summary>
/// The <c>session</c> callback's input and result: shape <see cref="Session"/> (add <c>user.id</c>, <c>user.role</c>), or
/// end the session when the user is no longer valid (the seed's "session validation").
/// </summary>
public sealed class SessionContext
{
    internal SessionContext(HttpContext httpContext, Session session, JwtClaims? token, SesameUser? user, JwtTrigger trigger, JsonElement? newSession)
    {
        HttpContext = httpContext;
        Session = session;
        Token = token;
        User = user;
        Trigger = trigger;
        NewSession = newSession;
    }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The session that will be returned; change it, or replace the object.</summary>
    public Session Session { get; set; }

    /// <summary>JWT strategy: the token after the <c>jwt</c> callback.</summary>
    public JwtClaims? Token { get; }

    /// <summary>Database strategy: the user from the store.</summary>
    public SesameUser? User { get; }

    /// <summary><see cref="JwtTrigger.Update"/> when the client posted an update.</summary>
    public JwtTrigger Trigger { get; }

    /// <summary>Database strategy, on update: the <c>data</c> the client posted.</summary>
    public JsonElement? NewSession { get; }

    /// <summary>Whether <see cref="EndSession"/> was called.</summary>
    public bool IsSessionEnded { get; private set; }

    /// <summary>End the session: the caller is signed out and gets "no session".</summary>
    public void EndSession() => IsSessionEnded = true;
}
