using System.Text.Json.Serialization;

namespace Sesame.Jwt;

/// <summary>Source-generated JSON metadata for the token's claims: no reflection at run time, trimming-safe.</summary>
[JsonSerializable(typeof(JwtClaims))]
internal sealed partial class JwtJsonContext : JsonSerializerContext;
