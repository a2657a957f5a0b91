using System.Diagnostics;
using System.Globalization;
using Sesame.Benchmarks.ScaleOut;

namespace Sesame.Benchmarks;

/// <summary>
/// <c>--loop {mode} [seconds]</c>: one <see cref="ScaleOutSessionBenchmarks"/> mode run in a plain loop, warmed up, for
/// <c>perf record -g -p {pid}</c> (with <c>DOTNET_PerfMapEnabled=1</c>) to attach to; prints the process id when warm
/// and a rough time per request at the end. It finds where the time goes; the figures to quote are BenchmarkDotNet's.
/// </summary>
internal static class ProfileLoop
{
    private const int WarmUpRequests = 200_000;

    public static bool TryRun(string[] args)
    {
        if (args is not ["--loop", var mode, ..])
        {
            return false;
        }

        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var benchmark = new ScaleOutSessionBenchmarks { Mode = mode };
        benchmark.Setup();
        try
        {
            for (var i = 0; i < WarmUpRequests; i++)
            {
                benchmark.DistinctSessions().GetAwaiter().GetResult();
            }

            Console.WriteLine($"warm; pid {Environment.ProcessId}");
            var elapsed = Stopwatch.StartNew();
            long requests = 0;
            while (elapsed.Elapsed.TotalSeconds < seconds)
            {
                benchmark.DistinctSessions().GetAwaiter().GetResult();
                requests++;
            }

            Console.WriteLine($"{mode}: {elapsed.Elapsed.TotalMicroseconds / requests:F2} µs per request over {requests:N0}");
        }
        finally
        {
            benchmark.Cleanup();
        }

        return true;
    }
}
