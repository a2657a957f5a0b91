namespace Sesame.Stores;

/// <summary>
/// A database session (next-auth's <c>Session</c> row): what a session cookie stands for under the database strategy.
/// </summary>
public sealed record SesameSession
{
    /// <summary>
    /// A non-secret id of the session, for a device list ("signed in on 3 devices") and for revoking one session
    /// without knowing its cookie. Empty when creating lets the store choose one (<see cref="StoreIds.NewId"/>).
    /// </summary>
    public required string Id { get; init; }

    /// <summary>
    /// What the session cookie's token maps to: by default a SHA-256 hash of the token, so a leaked table cannot be
    /// replayed as cookies; in next-auth compatibility mode the raw token (next-auth's <c>sessionToken</c>). The core
    /// decides which; a store keeps the string as it is and finds sessions by it.
    /// </summary>
    public required string SessionKey { get; init; }

    /// <summary>The id of the user the session belongs to.</summary>
    public required string UserId { get; init; }

    /// <summary>When the session ends unless it is extended (UTC).</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>When the session was created (UTC); <see langword="null"/> for rows written by next-auth.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the session was last extended (UTC); <see langword="null"/> until it is, and for next-auth rows.</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>
    /// <see langword="false"/> for a browser session (remember-me not chosen: its cookie has no <c>Expires</c> and it
    /// lives the browser session's lifetimes); <see langword="null"/> or <see langword="true"/> for a persistent one
    /// (next-auth rows have no such column).
    /// </summary>
    public bool? Persistent { get; init; }

    /// <summary>The <c>User-Agent</c> of the sign-in request, for the device list.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The client IP address of the sign-in request, for the device list.</summary>
    public string? IpAddress { get; init; }
}
