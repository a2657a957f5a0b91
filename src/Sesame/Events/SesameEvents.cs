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

    /// <summary>After a sign-in created a user in the user store (next-auth's <c>createUser</c> event).</summary>
    public Func<CreateUserEventContext, Task>? OnCreateUser { get; set; }

    /// <summary>After a provider account was linked to a user (next-auth's <c>linkAccount</c> event).</summary>
    public Func<LinkAccountEventContext, Task>? OnLinkAccount { get; set; }

    /// <summary>Invokes <see cref="OnSignIn"/>.</summary>
    public virtual Task SignInAsync(SignInEventContext context) => OnSignIn?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnSignOut"/>.</summary>
    public virtual Task SignOutAsync(SignOutEventContext context) => OnSignOut?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnSession"/>.</summary>
    public virtual Task SessionAsync(SessionEventContext context) => OnSession?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnCreateUser"/>.</summary>
    public virtual Task CreateUserAsync(CreateUserEventContext context) => OnCreateUser?.Invoke(context) ?? Task.CompletedTask;

    /// <summary>Invokes <see cref="OnLinkAccount"/>.</summary>
    public virtual Task LinkAccountAsync(LinkAccountEventContext context) => OnLinkAccount?.Invoke(context) ?? Task.CompletedTask;
}
