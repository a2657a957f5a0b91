using System.Text.Json.Serialization;

namespace Sesame.Blazor.WebAssembly;

/// <summary>Source-generated JSON for the session: the browser app may be trimmed, which reflection would not survive.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SesameSession))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
