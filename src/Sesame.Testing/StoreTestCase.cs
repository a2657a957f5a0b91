using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sesame.Testing;

/// <summary>
/// A test case whose skip reason also comes from the <see cref="RequiresAttribute"/>s of the concrete test class.
/// The reason is worked out again after de-serialization, so nothing beyond the base test case is serialized.
/// </summary>
internal sealed class StoreTestCase : XunitTestCase
{
    /// <summary>For the de-serializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute) ?? MissingRequirement()!;

    private string? MissingRequirement()
    {
        foreach (var attribute in TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresAttribute)))
        {
            if (Requirements.SkipReason(attribute.GetNamedArgument<Requirement>(nameof(RequiresAttribute.Requirement))) is { } why)
            {
                return why;
            }
        }

        return null;
    }
}
