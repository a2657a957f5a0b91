namespace Sesame.Events;

/// <summary>
/// Callbacks decide (next-auth's <c>callbacks</c>). Set the <c>On…</c> delegates, or derive from this class and override
/// the methods. Each receives a context and decides by changing it.
/// </summary>
public class SesameCallbacks
{
    /// <summary>Runs before a sign-in completes; may deny it or redirect elsewhere.</summary>
    public Func<SignInContext, Task>? OnSignIn { get; set; }

    /// <summary>Runs for every <c>callbackUrl</c>; synchronous because it runs on most requests.</summary>
    public Action<RedirectContext>? OnRedirect { get; set; }

    /// <summary>Runs whenever a token is created (sign-in), read (session) or updated.</summary>
    public Func<JwtContext, Task>? OnJwt { get; set; }

    /// <summary>Runs whenever the session is read; shapes what the client and the app see.</summary>
    public Func<SessionContext, Task>? OnSession { get; set; }

    /// <summary>Invokes <see cref="OnSignIn"/>.</summary>
    public virtual Task SignInAsync(SignInContext context) => OnSignIn?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnRedirect"/>.</summary>
    public virtual void Redirect(RedirectContext context) => OnRedirect?.Invoke(context);

    /// <summary>Invokes <see cref="OnJwt"/>.</summary>
    public virtual Task JwtAsync(JwtContext context) => OnJwt?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnSession"/>.</summary>
    public virtual Task SessionAsync(SessionContext context) => OnSession?.Invoke(context) ?? Task.CompletedTask;
}
