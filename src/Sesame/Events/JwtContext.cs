using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sesame.Jwt;
using Sesame.Stores;

namespace Sesame.Events;

/// <summary>
/// The <c>jwt</c> callback's input and result: change <see cref="Token"/> to decide what the session token holds
/// (copy <c>role</c> from the user at sign-in, apply an update), or end the session.
/// </summary>
public sealed class JwtContext
{
    internal JwtContext(HttpContext httpContext, JwtClaims token, JwtTrigger trigger, SesameUser? user, SesameAccount? account, bool? isNewUser, JsonElement? session)
    {
        HttpContext = httpContext;
        Token = token;
        Trigger = trigger;
        User = user;
        Account = account;
        IsNewUser = isNewUser;
        Session = session;
    }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The token's claims; change them, or replace the object.</summary>
    public JwtClaims Token { get; set; }

    /// <summary>Why the callback runs.</summary>
    public JwtTrigger Trigger { get; }

    /// <summary>The user, at sign-in only.</summary>
    public SesameUser? User { get; }

    /// <summary>The provider account, at sign-in only.</summary>
    public SesameAccount? Account { get; }

    /// <summary>Whether the sign-in created the user, when a user store knows.</summary>
    public bool? IsNewUser { get; }

    /// <summary>
    /// On <see cref="JwtTrigger.Update"/>: the <c>data</c> the client posted (next-auth's <c>session</c> argument); on
    /// <see cref="JwtTrigger.ServerUpdate"/>: the data the app passed to <c>UpdateSessionsAsync</c>.
    /// </summary>
    public JsonElement? Session { get; }

    /// <summary>Whether <see cref="EndSession"/> was called.</summary>
    public bool IsSessionEnded { get; private set; }

    /// <summary>End the session: the cookie is cleared and the caller is signed out.</summary>
    public void EndSession() => IsSessionEnded = true;
}
