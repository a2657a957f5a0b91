using Xunit;

namespace Sesame.Testing;

/// <summary>
/// A theory that needs something outside the process, with the same rule as <see cref="RequiresFactAttribute"/>:
/// skipped with the reason where it is missing, except under <c>CI=true</c>, where it runs and fails loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory outside CI when <paramref name="requirement"/> is not met.</summary>
    public RequiresTheoryAttribute(Requirement requirement)
    {
        Requirement = requirement;
        Skip = Requirements.SkipReason(requirement);
    }

    /// <summary>What the theory needs.</summary>
    public Requirement Requirement { get; }
}
