namespace Sesame.Stores;

/// <summary>
/// A user, as a provider returns it (credentials <c>authorize</c>, an OAuth profile) and as a user store keeps it.
/// </summary>
public sealed record SesameUser
{
    /// <summary>The user id; becomes the token's <c>sub</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>When the e-mail address was verified, if it was.</summary>
    public DateTimeOffset? EmailVerified { get; init; }

    /// <summary>A picture URL.</summary>
    public string? Image { get; init; }

    /// <summary>
    /// App-specific data (the seed's <c>role</c>, <c>department</c>) that the <c>jwt</c> and <c>session</c> callbacks can copy
    /// into the token and the session. Nothing is copied automatically.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Properties { get; init; } = EmptyProperties;

    private static readonly IReadOnlyDictionary<string, string?> EmptyProperties = new Dictionary<string, string?>();
}
