using System.Text;
using Xunit.Abstractions;

namespace Sesame.Tests.Architecture;

/// <summary>
/// Issue 9: the folder tree is the architecture only if its namespaces form layers. A cycle between namespaces means
/// none of them can be read, changed or tested without the others. The edges that still close a cycle are listed in
/// <c>namespace-cycle-edges.txt</c> beside this file, a list that may only shrink: a new edge inside a cycle fails
/// this test, and so does a listed edge that no longer closes one (take it off the list).
/// </summary>
public sealed class NamespaceCycleTests(ITestOutputHelper output)
{
    private static readonly string KnownEdgesFile = Path.Combine(AppContext.BaseDirectory, "Architecture", "namespace-cycle-edges.txt");

    [Fact]
    public void Sesame_NoNewEdgeCloses_ACycleBetweenNamespaces()
    {
        var dependencies = NamespaceDependencies.Of(typeof(SesameDefaults).Assembly, "Sesame");
        var inCycles = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var cycle in dependencies.Cycles())
        {
            foreach (var from in cycle)
            {
                foreach (var to in cycle)
                {
                    if (dependencies.Edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out var reasons))
                    {
                        inCycles[$"{from} -> {to}"] = reasons;
                    }
                }
            }
        }

        var known = File.ReadAllLines(KnownEdgesFile)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);
        var report = new StringBuilder();
        foreach (var (edge, reasons) in inCycles.Where(edge => !known.Contains(edge.Key)))
        {
            report.AppendLine($"new edge in a cycle: {edge} ({string.Join("; ", reasons.Take(4))})");
        }
        foreach (var edge in known.Where(edge => !inCycles.ContainsKey(edge)).Order(StringComparer.Ordinal))
        {
            report.AppendLine($"listed edge no longer in a cycle (take it off namespace-cycle-edges.txt): {edge}");
        }
        output.WriteLine($"{inCycles.Count} edges close cycles:");
        foreach (var (edge, reasons) in inCycles)
        {
            output.WriteLine($"  {edge} ({reasons.Count}): {string.Join("; ", reasons.Take(3))}");
        }
        Assert.True(report.Length == 0, report.ToString());
    }
}
