namespace Sesame.Stores;

/// <summary>
/// A user's account at a provider (next-auth's <c>Account</c>): for OAuth the provider's tokens, for credentials and
/// e-mail sign-ins only the provider and the id it knows the user by.
/// </summary>
public sealed record SesameAccount
{
    /// <summary>The id of the user this account belongs to (empty until it is linked).</summary>
    public string UserId { get; init; } = "";

    /// <summary><c>oauth</c>, <c>oidc</c>, <c>email</c> or <c>credentials</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The provider id, e.g. <c>github</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The user's id at the provider.</summary>
    public required string ProviderAccountId { get; init; }

    /// <summary>OAuth refresh token.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>OAuth access token.</summary>
    public string? AccessToken { get; init; }

    /// <summary>When the access token expires, in seconds since the Unix epoch (next-auth's <c>expires_at</c>).</summary>
    public long? ExpiresAt { get; init; }

    /// <summary>OAuth token type, e.g. <c>bearer</c>.</summary>
    public string? TokenType { get; init; }

    /// <summary>Granted scopes.</summary>
    public string? Scope { get; init; }

    /// <summary>OpenID Connect id token.</summary>
    public string? IdToken { get; init; }

    /// <summary>OpenID Connect session state.</summary>
    public string? SessionState { get; init; }
}
