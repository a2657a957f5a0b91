using Xunit;
using Xunit.Sdk;

namespace Sesame.Testing;

/// <summary>
/// A fact of a shared specification (<see cref="StoreSpecification"/>): it runs once for every concrete class that
/// inherits it, and is skipped or required according to that class's <see cref="RequiresAttribute"/>s.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("Sesame.Testing.StoreFactDiscoverer", "Sesame.Testing")]
public sealed class StoreFactAttribute : FactAttribute
{
}
