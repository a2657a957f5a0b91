namespace Sesame.Sessions.Pipeline;

/// <summary>What <see cref="SessionLifetimePolicy"/> decided for one read.</summary>
/// <param name="Refresh">Whether the session is refreshed now.</param>
/// <param name="Expires">When the session ends after this read.</param>
internal readonly record struct RefreshDecision(bool Refresh, DateTimeOffset Expires);
