using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Sesame.Benchmarks;

/// <summary>
/// Runs the suite: <c>dotnet run -c Release --project benchmarks/Sesame.Benchmarks -- --filter '*'</c>; or, for a
/// profiler, one scale-out mode in a loop: <c>-- --loop db-sqlite-cached 20</c> (see <see cref="ProfileLoop"/>).
/// </summary>
internal static class Program
{
    // A named Main (not top-level statements): the sample, referenced for the pipeline benchmarks, has a global Program type.
    // BenchmarkDotNet rebuilds the project for its out-of-process runs and gives up after 2 minutes by default, which a
    // build on a busy shared 2-core machine can exceed.
    public static void Main(string[] args)
    {
#if !SESAME_BEFORE
        if (ProfileLoop.TryRun(args))
        {
            return;
        }
#endif

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
    }
}
