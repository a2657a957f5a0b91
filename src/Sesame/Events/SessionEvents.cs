using Microsoft.Extensions.Logging;
using Sesame.Logging;

namespace Sesame.Events;

/// <summary>Fires the app's events; an event's exception is logged and never reaches the request.</summary>
internal sealed class SessionEvents(SesameEvents events, ILogger<SessionEvents> logger)
{
    // An app that overrides nothing and sets no delegate pays nothing for the session event on every read.
    private readonly bool _customEvents = events.GetType() != typeof(SesameEvents);

    public Task SignInAsync(SignInEventContext context) => RunAsync(events.SignInAsync, context, "signIn");

    public Task SignOutAsync(SignOutEventContext context) => RunAsync(events.SignOutAsync, context, "signOut");

    public Task CreateUserAsync(CreateUserEventContext context) => RunAsync(events.CreateUserAsync, context, "createUser");

    public Task LinkAccountAsync(LinkAccountEventContext context) => RunAsync(events.LinkAccountAsync, context, "linkAccount");

    /// <summary>Whether the app listens to the session event, so that a read builds its context only then.</summary>
    public bool HasSessionEvent => _customEvents || events.OnSession is not null;

    public Task SessionAsync(SessionEventContext context) =>
        HasSessionEvent ? RunAsync(events.SessionAsync, context, "session") : Task.CompletedTask;

    private async Task RunAsync<T>(Func<T, Task> handler, T context, string name)
    {
        try
        {
            await handler(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.EventFailed(logger, exception, name);
        }
    }
}
