using System.Text.Json.Serialization;
using Sesame.Jwt;
using Sesame.Sessions;

namespace Sesame.Serialization;

/// <summary>Source-generated JSON for the token claims and the session: no reflection on the request path.</summary>
[JsonSerializable(typeof(JwtClaims))]
[JsonSerializable(typeof(Session))]
internal sealed partial class SesameJsonContext : JsonSerializerContext;
