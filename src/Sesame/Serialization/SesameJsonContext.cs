using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sesame.Serialization;

/// <summary>
/// Source-generated JSON metadata with Sesame's default options (compact output, property names as declared by
/// <see cref="JsonPropertyNameAttribute"/>), for the custom JSON fields every area writes. The wire types have contexts
/// of their own beside them (<c>JwtJsonContext</c>, <c>SessionJsonContext</c>), so this layer knows none of them.
/// </summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class SesameJsonContext : JsonSerializerContext;
