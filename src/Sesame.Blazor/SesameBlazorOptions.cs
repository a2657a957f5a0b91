namespace Sesame.Blazor;

/// <summary>How Blazor circuits follow the Sesame session.</summary>
public sealed class SesameBlazorOptions
{
    /// <summary>
    /// How often an interactive server circuit re-reads its session (as a request with the circuit's cookies would); a
    /// session that expired, was revoked (database sessions) or whose user <c>Access.ValidateUser</c> rejects signs the
    /// circuit out. Must be positive.
    /// </summary>
    /// <value>One minute.</value>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
