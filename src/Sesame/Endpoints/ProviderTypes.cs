using Sesame.Providers;

namespace Sesame.Endpoints;

/// <summary>Provider types as next-auth writes them on the wire.</summary>
internal static class ProviderTypes
{
    public static string Wire(ProviderType type) => type switch
    {
        ProviderType.Credentials => "credentials",
        ProviderType.Email => "email",
        ProviderType.OAuth => "oauth",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
