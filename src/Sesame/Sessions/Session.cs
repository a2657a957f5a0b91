using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sesame.Serialization;

namespace Sesame.Sessions;

/// <summary>
/// The session object: what <c>GET /api/auth/session</c> returns and what <c>HttpContext.GetSessionAsync()</c> gives the app.
/// The <c>session</c> callback can add data to it (the seed's <c>user.id</c>, <c>user.role</c>, <c>customField</c>).
/// </summary>
[JsonConverter(typeof(SessionJsonConverter))]
public sealed class Session
{
    /// <summary>The signed-in user.</summary>
    public SessionUser User { get; set; } = new();

    /// <summary>When the session expires if it is not used again (ISO 8601 with milliseconds on the wire).</summary>
    public DateTimeOffset Expires { get; set; }

    /// <summary>Custom top-level fields added by the <c>session</c> callback.</summary>
    public JsonObject? Custom { get; set; }

    /// <summary>Sets (or, with <see langword="null"/>, removes) a custom top-level field.</summary>
    public void Set(string name, JsonNode? value) => Custom = JsonFields.Set(Custom, name, value);

    /// <summary>Reads a custom top-level field, or <see langword="null"/> when it is absent.</summary>
    public JsonNode? Get(string name) => JsonFields.Get(Custom, name);
}
