namespace Sesame.Tests.Fuzzing;

/// <summary>
/// How long each property runs: a few seconds on one thread by default (the machine is shared), longer with
/// <c>SESAME_FUZZ_SECONDS</c> for a deliberate fuzzing session. CsCheck reports the failing input and its seed.
/// </summary>
internal static class FuzzBudget
{
    public static int Seconds { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("SESAME_FUZZ_SECONDS"), out var seconds) && seconds > 0 ? seconds : 2;

    public const int Threads = 1;
}
