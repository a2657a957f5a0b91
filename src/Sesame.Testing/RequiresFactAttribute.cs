using Xunit;

namespace Sesame.Testing;

/// <summary>
/// A fact that needs something outside the process (a PostgreSQL or Redis server binary, Node.js with the interop
/// packages, Chromium). Where it is missing the test is skipped with the reason, except under <c>CI=true</c>, where it
/// runs and fails loudly: CI must never pass by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresFactAttribute : FactAttribute
{
    /// <summary>Skips the fact outside CI when <paramref name="requirement"/> is not met.</summary>
    public RequiresFactAttribute(Requirement requirement)
    {
        Requirement = requirement;
        Skip = Requirements.SkipReason(requirement);
    }

    /// <summary>What the fact needs.</summary>
    public Requirement Requirement { get; }
}
