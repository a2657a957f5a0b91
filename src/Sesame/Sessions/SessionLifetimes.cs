namespace Sesame.Sessions;

/// <summary>The lifetimes of one kind of session (persistent, or browser session), resolved at start-up.</summary>
/// <param name="Idle">How long it lives from its last refresh (<c>maxAge</c>).</param>
/// <param name="Update">How often a read refreshes it (<c>updateAge</c>).</param>
/// <param name="Absolute">How long it lives at most from sign-in; <see langword="null"/> for no limit.</param>
internal readonly record struct SessionLifetimes(TimeSpan Idle, TimeSpan Update, TimeSpan? Absolute);
