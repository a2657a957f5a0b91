using BenchmarkDotNet.Running;

namespace Sesame.Benchmarks;

/// <summary>Runs the suite: <c>dotnet run -c Release --project benchmarks/Sesame.Benchmarks -- --filter '*'</c>.</summary>
internal static class Program
{
    // A named Main (not top-level statements): the sample, referenced for the pipeline benchmarks, has a global Program type.
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
