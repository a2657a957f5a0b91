using Microsoft.AspNetCore.Http;
using Sesame.Stores;

namespace Sesame.Events;

/// <summary>The <c>signIn</c> callback's input and decision: allow (the default), deny (<c>AccessDenied</c>) or send elsewhere.</summary>
public sealed class SignInContext
{
    internal SignInContext(HttpContext httpContext, SesameUser user, SesameAccount account, IReadOnlyDictionary<string, string>? credentials)
    {
        HttpContext = httpContext;
        User = user;
        Account = account;
        Credentials = credentials;
    }

    /// <summary>The request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>The user who is signing in.</summary>
    public SesameUser User { get; }

    /// <summary>The provider account used.</summary>
    public SesameAccount Account { get; }

    /// <summary>For credentials sign-ins: every posted field.</summary>
    public IReadOnlyDictionary<string, string>? Credentials { get; }

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
