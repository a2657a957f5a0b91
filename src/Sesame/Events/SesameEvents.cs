namespace Sesame.Events;

/// <summary>
/// Events notify (next-auth's <c>events</c>). They run after the fact; an exception from one is logged and never
/// reaches the request.
/// </summary>
public class SesameEvents
{
    /// <summary>After a successful sign-in.</summary>
    public Func<SignInEventContext, Task>? OnSignIn { get; set; }

    /// <summary>After a sign-out of a present session.</summary>
    public Func<SignOutEventContext, Task>? OnSignOut { get; set; }

    /// <summary>After every successful session read or update.</summary>
    public Func<SessionEventContext, Task>? OnSession { get; set; }

    /// <summary>Invokes <see cref="OnSignIn"/>.</summary>
    public virtual Task SignInAsync(SignInEventContext context) => OnSignIn?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnSignOut"/>.</summary>
    public virtual Task SignOutAsync(SignOutEventContext context) => OnSignOut?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnSession"/>.</summary>
    public virtual Task SessionAsync(SessionEventContext context) => OnSession?.Invoke(context) ?? Task.CompletedTask;
}
