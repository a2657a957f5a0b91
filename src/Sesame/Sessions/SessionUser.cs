using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sesame.Jwt;
using Sesame.Serialization;

namespace Sesame.Sessions;

/// <summary>The <c>user</c> of a session: <c>name</c>, <c>email</c>, <c>image</c> and whatever the <c>session</c> callback adds.</summary>
[JsonConverter(typeof(SessionUserJsonConverter))]
public sealed class SessionUser
{
    private string? _name;
    private string? _email;
    private string? _image;

    // Fields left out of the JSON instead of written as null: what next-auth does for a token without that claim
    // (its session shows `undefined`, which JSON drops). Only a session built from such a token starts with any; setting
    // the property, even to null, writes it again.
    private ProfileClaims _omitted;

    /// <summary>The user id. next-auth leaves it out by default; the <c>session</c> callback usually copies it from the token.</summary>
    public string? Id { get; set; }

    /// <summary>The display name.</summary>
    public string? Name { get => _name; set { _name = value; _omitted &= ~ProfileClaims.Name; } }

    /// <summary>The e-mail address.</summary>
    public string? Email { get => _email; set { _email = value; _omitted &= ~ProfileClaims.Email; } }

    /// <summary>A picture URL (the token's <c>picture</c> claim).</summary>
    public string? Image { get => _image; set { _image = value; _omitted &= ~ProfileClaims.Picture; } }

    /// <summary>Custom fields (the seed's <c>role</c>, <c>department</c>).</summary>
    public JsonObject? Custom { get; set; }

    /// <summary>Whether the JSON leaves <paramref name="field"/> out (the token this session came from has no such claim).</summary>
    internal bool Omits(ProfileClaims field) => (_omitted & field) != 0;

    /// <summary>
    /// next-auth's default session user for a token: <c>name</c>, <c>email</c> and <c>image</c> from the token's
    /// <c>name</c>, <c>email</c> and <c>picture</c>, and a claim the token lacks left out of the JSON, not null.
    /// </summary>
    internal static SessionUser FromToken(JwtClaims token) => new()
    {
        _name = token.Name,
        _email = token.Email,
        _image = token.Picture,
        _omitted = ~token.PresentProfileClaims & (ProfileClaims.Name | ProfileClaims.Email | ProfileClaims.Picture),
    };

    /// <summary>Sets (or, with <see langword="null"/>, removes) a custom field.</summary>
    public void Set(string name, JsonNode? value) => Custom = JsonFields.Set(Custom, name, value);

    /// <summary>Reads a custom field, or <see langword="null"/> when it is absent.</summary>
    public JsonNode? Get(string name) => JsonFields.Get(Custom, name);

    /// <summary>Reads a custom field as a string, or <see langword="null"/> when it is absent or not a string.</summary>
    public string? GetString(string name) => Get(name) is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
