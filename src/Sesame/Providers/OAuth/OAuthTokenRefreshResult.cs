namespace Sesame.Providers.OAuth;

/// <summary>The outcome of <see cref="OAuthTokenRefresher.RefreshAsync"/>.</summary>
public sealed record OAuthTokenRefreshResult
{
    /// <summary>next-auth's documented error for a refused refresh, to put on the session so the client signs in again.</summary>
    public const string RefreshAccessTokenError = "RefreshAccessTokenError";

    /// <summary>Whether the provider issued a new access token.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>The new access token.</summary>
    public string? AccessToken { get; init; }

    /// <summary>The refresh token to keep: the rotated one when the provider rotated it, else the one used.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>When the new access token expires, in seconds since the epoch (the <c>Account.expires_at</c> unit).</summary>
    public long? ExpiresAt { get; init; }

    /// <summary>A new ID token, when the provider sent one.</summary>
    public string? IdToken { get; init; }

    /// <summary><see cref="RefreshAccessTokenError"/> when the refresh failed.</summary>
    public string? Error { get; init; }
}
