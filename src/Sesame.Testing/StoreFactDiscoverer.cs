using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sesame.Testing;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests as <see cref="StoreTestCase"/>s. Created by xunit.</summary>
internal sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new StoreTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}
