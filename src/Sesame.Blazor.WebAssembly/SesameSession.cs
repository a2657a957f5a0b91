using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sesame.Blazor.WebAssembly;

/// <summary>
/// The session as the browser reads it from <c>GET /api/auth/session</c> (next-auth's shape): the user, when the
/// session expires, and whatever top-level fields the server's <c>session</c> callback added. An empty object
/// (<c>{}</c>) is next-auth's "no session".
/// </summary>
public sealed class SesameSession
{
    /// <summary>The signed-in user; <see langword="null"/> when there is no session.</summary>
    public SesameSessionUser? User { get; set; }

    /// <summary>When the session expires if it is not used again.</summary>
    public DateTimeOffset? Expires { get; set; }

    /// <summary>The top-level fields the server's <c>session</c> callback added, as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
