using System.Text.Json.Serialization;
using Sesame.Jwt;
using Sesame.Sessions;

namespace Sesame.Serialization;

/// <summary>
/// Source-generated JSON metadata for the types Sesame puts on the wire: no reflection at run time, trimming-safe.
/// Default options: compact output, property names as declared by <see cref="JsonPropertyNameAttribute"/>.
/// </summary>
[JsonSerializable(typeof(JwtClaims))]
[JsonSerializable(typeof(Session))]
internal sealed partial class SesameJsonContext : JsonSerializerContext;
