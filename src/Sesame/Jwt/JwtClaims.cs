using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sesame.Jwt;

/// <summary>
/// The claims of a session token (next-auth's <c>JWT</c> object): the standard claims next-auth writes,
/// typed, and any custom claim the <c>jwt</c> callback adds, kept as JSON so that it round-trips unchanged.
/// </summary>
/// <remarks>
/// Claim names are next-auth's: <c>sub</c>, <c>name</c>, <c>email</c>, <c>picture</c>, <c>iat</c>, <c>exp</c>, <c>jti</c>.
/// <c>iat</c>, <c>exp</c> and <c>jti</c> are overwritten each time the token is encoded.
/// </remarks>
[JsonConverter(typeof(JwtClaimsJsonConverter))]
public sealed class JwtClaims
{
    /// <summary>The user id (<c>sub</c>).</summary>
    [JsonPropertyName("sub")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; set; }

    /// <summary>The user's display name (<c>name</c>).</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    /// <summary>The user's e-mail address (<c>email</c>).</summary>
    [JsonPropertyName("email")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; set; }

    /// <summary>The user's picture URL (<c>picture</c>; the session shows it as <c>user.image</c>).</summary>
    [JsonPropertyName("picture")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Picture { get; set; }

    /// <summary>Issued-at time in seconds since the Unix epoch (<c>iat</c>); set on every encoding.</summary>
    [JsonPropertyName("iat")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? IssuedAt { get; set; }

    /// <summary>Expiry in seconds since the Unix epoch (<c>exp</c>); set on every encoding. 64-bit: next-auth vectors expire after 2106.</summary>
    [JsonPropertyName("exp")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ExpiresAt { get; set; }

    /// <summary>Not-before time in seconds since the Unix epoch (<c>nbf</c>), when a foreign encoder wrote one.</summary>
    [JsonPropertyName("nbf")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? NotBefore { get; set; }

    /// <summary>A unique token id (<c>jti</c>); a new one on every encoding.</summary>
    [JsonPropertyName("jti")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TokenId { get; set; }

    /// <summary>Custom claims (role, department, …) as JSON, by claim name.</summary>
    [JsonExtensionData]
    public JsonObject? Custom { get; set; }

    /// <summary>Reads a custom claim, or <see langword="null"/> when it is absent.</summary>
    public JsonNode? Get(string name) => Sessions.JsonFields.Get(Custom, name);

    /// <summary>Reads a custom claim as a string, or <see langword="null"/> when it is absent or not a string.</summary>
    public string? GetString(string name) => Get(name) is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    /// <summary>Sets (or, with <see langword="null"/>, removes) a custom claim.</summary>
    public void Set(string name, JsonNode? value) => Custom = Sessions.JsonFields.Set(Custom, name, value);

    /// <summary>A deep copy, so that a callback can change a token without changing the one it was given.</summary>
    public JwtClaims Clone() => new()
    {
        Subject = Subject,
        Name = Name,
        Email = Email,
        Picture = Picture,
        IssuedAt = IssuedAt,
        ExpiresAt = ExpiresAt,
        NotBefore = NotBefore,
        TokenId = TokenId,
        Custom = Custom?.DeepClone().AsObject(),
    };
}
