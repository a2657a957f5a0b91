using System.Reflection;
using System.Text;
using Xunit.Abstractions;

namespace Sesame.Tests.Architecture;

/// <summary>
/// Issue 9: the folder tree is the architecture only if its namespaces form layers. A cycle between namespaces means
/// none of them can be read, changed or tested without the others, so a shipped assembly has none: the session model
/// (<c>Sessions</c>) sits under the callbacks (<c>Events</c>), the options (<c>Sesame</c>) under the session pipeline
/// (<c>Sessions.Pipeline</c>), the pipeline under sign-in, authorization and the endpoints.
/// </summary>
public sealed class NamespaceCycleTests(ITestOutputHelper output)
{
    public static TheoryData<string> ShippedAssemblies => new() { "Sesame", "Sesame.EntityFrameworkCore", "Sesame.StackExchangeRedis", "Sesame.Testing" };

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void ShippedAssembly_HasNoCycleBetweenItsNamespaces(string name)
    {
        var dependencies = NamespaceDependencies.Of(Assembly.Load(name), name);
        var report = new StringBuilder();
        foreach (var cycle in dependencies.Cycles())
        {
            report.AppendLine($"cycle: {string.Join(", ", cycle)}");
            foreach (var from in cycle)
            {
                foreach (var to in cycle)
                {
                    if (dependencies.Edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out var reasons))
                    {
                        report.AppendLine($"  {from} -> {to} ({reasons.Count}): {string.Join("; ", reasons.Take(4))}");
                    }
                }
            }
        }
        foreach (var (from, targets) in dependencies.Edges.OrderBy(edge => edge.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{from} -> {string.Join(", ", targets.Keys.Order(StringComparer.Ordinal))}");
        }
        Assert.True(report.Length == 0, report.ToString());
    }

    [Fact]
    public void TheReader_SeesAMethodBodysDependency()
    {
        // A dependency that only a method body has (no signature names the type) still counts: the reader is not blind
        // to the edges that would hide a cycle. SessionPipeline reads the cookie store in its body.
        var dependencies = NamespaceDependencies.Of(typeof(SesameDefaults).Assembly, "Sesame");

        Assert.Contains("Sesame.Cookies", dependencies.Edges["Sesame.Sessions.Pipeline"].Keys);
        Assert.False(dependencies.Edges.TryGetValue("Sesame.Sessions", out var model) && model.ContainsKey("Sesame.Sessions.Pipeline"));
    }
}
