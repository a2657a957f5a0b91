using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sesame.Sessions;

/// <summary>The <c>user</c> of a session: <c>name</c>, <c>email</c>, <c>image</c> and whatever the <c>session</c> callback adds.</summary>
[JsonConverter(typeof(SessionUserJsonConverter))]
public sealed class SessionUser
{
    /// <summary>The user id. next-auth leaves it out by default; the <c>session</c> callback usually copies it from the token.</summary>
    public string? Id { get; set; }

    /// <summary>The display name.</summary>
    public string? Name { get; set; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>A picture URL (the token's <c>picture</c> claim).</summary>
    public string? Image { get; set; }

    /// <summary>Custom fields (the seed's <c>role</c>, <c>department</c>).</summary>
    public JsonObject? Custom { get; set; }

    /// <summary>Sets (or, with <see langword="null"/>, removes) a custom field.</summary>
    public void Set(string name, JsonNode? value) => Custom = JsonFields.Set(Custom, name, value);

    /// <summary>Reads a custom field, or <see langword="null"/> when it is absent.</summary>
    public JsonNode? Get(string name) => JsonFields.Get(Custom, name);

    /// <summary>Reads a custom field as a string, or <see langword="null"/> when it is absent or not a string.</summary>
    public string? GetString(string name) => Get(name) is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
