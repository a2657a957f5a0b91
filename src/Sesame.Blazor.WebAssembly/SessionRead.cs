namespace Sesame.Blazor.WebAssembly;

/// <summary>What one read of <c>GET /session</c> gave: a session, none, or no answer to go by.</summary>
internal sealed record SessionRead(SessionReadStatus Status, SesameSession? Session, string? Failure)
{
    public static SessionRead None { get; } = new(SessionReadStatus.None, null, null);

    public static SessionRead Found(SesameSession session) => new(SessionReadStatus.Found, session, null);

    public static SessionRead Failed(string reason) => new(SessionReadStatus.Failed, null, reason);
}
