namespace Sesame.Sessions;

/// <summary>Holds a request's resolved session so that it is resolved at most once, however often the app asks.</summary>
internal sealed class SessionFeature(Task<SessionReadResult> result)
{
    public Task<SessionReadResult> Result { get; } = result;
}
