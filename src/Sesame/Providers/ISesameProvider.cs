namespace Sesame.Providers;

/// <summary>
/// A way to sign in. Every provider ends in the same session-issuing path, whatever the session strategy.
/// </summary>
public interface ISesameProvider
{
    /// <summary>The id in URLs (<c>/signin/{id}</c>, <c>/callback/{id}</c>).</summary>
    string Id { get; }

    /// <summary>The name shown on the sign-in page.</summary>
    string Name { get; }

    /// <summary>The kind of provider.</summary>
    ProviderType Type { get; }
}
