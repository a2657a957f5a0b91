namespace Sesame.Testing;

/// <summary>
/// On a test class: every <see cref="StoreFactAttribute"/> test in it needs <see cref="Requirement"/>, with the same
/// rule as <see cref="RequiresFactAttribute"/>: skipped with the reason where it is missing, except under
/// <c>CI=true</c>, where the tests run and fail loudly. This is how a class that runs the inherited
/// <see cref="StoreSpecification"/> against a server states what it needs.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class RequiresAttribute : Attribute
{
    /// <summary>States that the class's store tests need <paramref name="requirement"/>.</summary>
    public RequiresAttribute(Requirement requirement) => Requirement = requirement;

    /// <summary>What the tests need.</summary>
    public Requirement Requirement { get; }
}
