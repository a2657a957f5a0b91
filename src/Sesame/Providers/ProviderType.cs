namespace Sesame.Providers;

/// <summary>The kind of a provider, as <c>GET /providers</c> reports it.</summary>
public enum ProviderType
{
    /// <summary><c>credentials</c>: a form checked by your <c>authorize</c> delegate.</summary>
    Credentials = 0,

    /// <summary><c>email</c>: a magic link.</summary>
    Email = 1,

    /// <summary><c>oauth</c>: an OAuth 2.0 / OpenID Connect identity provider.</summary>
    OAuth = 2,
}
