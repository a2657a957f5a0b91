using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sesame.Stores;

namespace Sesame.Events;

/// <summary>The <c>signIn</c> callback's input and decision: allow (the default), deny (<c>AccessDenied</c>) or send elsewhere.</summary>
public sealed class SignInContext
{
    internal SignInContext(HttpContext httpContext, SesameUser user, SesameAccount account, IReadOnlyDictionary<string, string>? credentials, JsonObject? profile = null)
    {
        HttpContext = httpContext;
        User = user;
        Account = account;
        Credentials = credentials;
        Profile = profile;
    }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>
    /// The user who is signing in: the app's user for credentials; for an OAuth account, the stored user it is linked to
    /// or, on a first sign-in, the user as the provider's profile describes it; for an e-mail link, the stored user with
    /// that address or, when there is none, a user whose id and e-mail are the address.
    /// </summary>
    public SesameUser User { get; }

    /// <summary>The provider account used.</summary>
    public SesameAccount Account { get; }

    /// <summary>For credentials sign-ins: every posted field.</summary>
    public IReadOnlyDictionary<string, string>? Credentials { get; }

    /// <summary>For OAuth sign-ins: the identity provider's profile (its ID-token or userinfo claims).</summary>
    public JsonObject? Profile { get; }

    /// <summary>
    /// Whether this is the request for an e-mail sign-in link (next-auth's <c>email.verificationRequest</c>), before any
    /// link is sent; the callback runs again when the link is followed. Deny here to send no mail at all.
    /// </summary>
    public bool IsVerificationRequest { get; internal init; }

    /// <summary>Whether the sign-in goes ahead.</summary>
    public bool IsAllowed { get; private set; } = true;

    /// <summary>Where to send the user instead of signing them in, when set.</summary>
    public string? RedirectUrl { get; private set; }

    /// <summary>Refuse the sign-in; the user sees the <c>AccessDenied</c> error.</summary>
    public void Deny()
    {
        IsAllowed = false;
        RedirectUrl = null;
    }

    /// <summary>
    /// Refuse the sign-in and send the user to <paramref name="url"/> instead (the seed's MFA step). As in next-auth v4
    /// the URL is used verbatim, so it must be one you trust.
    /// </summary>
    public void RedirectTo(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        IsAllowed = false;
        RedirectUrl = url;
    }
}
