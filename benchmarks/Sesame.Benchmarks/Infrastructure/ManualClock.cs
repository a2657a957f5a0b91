namespace Sesame.Benchmarks.Infrastructure;

/// <summary>A clock the set-up can move (to issue a token that is already due for a refresh), fixed while measuring.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
