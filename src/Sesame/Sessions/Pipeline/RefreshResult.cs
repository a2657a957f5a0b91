namespace Sesame.Sessions.Pipeline;

/// <summary>The outcome of <see cref="ISessionStrategy.RefreshAsync"/>.</summary>
/// <param name="Succeeded">False when the store failed: the read fails closed.</param>
/// <param name="CookieValue">The cookie to write, or <see langword="null"/> when nothing changed (the row was not moved).</param>
internal readonly record struct RefreshResult(bool Succeeded, string? CookieValue)
{
    public static RefreshResult Failed => new(false, null);

    public static RefreshResult Unchanged => new(true, null);
}
