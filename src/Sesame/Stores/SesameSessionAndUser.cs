namespace Sesame.Stores;

/// <summary>A session and its user, read together (next-auth's <c>getSessionAndUser</c>).</summary>
public sealed record SesameSessionAndUser
{
    /// <summary>The session.</summary>
    public required SesameSession Session { get; init; }

    /// <summary>The user the session belongs to.</summary>
    public required SesameUser User { get; init; }
}
