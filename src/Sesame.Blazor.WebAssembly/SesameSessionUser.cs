using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sesame.Blazor.WebAssembly;

/// <summary>The <c>user</c> of a session: <c>name</c>, <c>email</c>, <c>image</c> and the fields the server's <c>session</c> callback added.</summary>
public sealed class SesameSessionUser
{
    /// <summary>The user id, when the server's <c>session</c> callback copies it (next-auth leaves it out by default).</summary>
    public string? Id { get; set; }

    /// <summary>The display name.</summary>
    public string? Name { get; set; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>A picture URL.</summary>
    public string? Image { get; set; }

    /// <summary>Every other field (the sample's <c>role</c>, <c>department</c>), as it came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
