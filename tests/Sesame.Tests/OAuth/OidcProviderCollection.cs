namespace Sesame.Tests.OAuth;

/// <summary>The test classes that share one <see cref="OidcProviderServer"/> (each registers clients of its own).</summary>
[CollectionDefinition(Name)]
public sealed class OidcProviderCollection : ICollectionFixture<OidcProviderServer>
{
    public const string Name = "OIDC provider";
}
