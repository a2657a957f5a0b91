using System.Text.Json.Serialization;

namespace Sesame.Sessions;

/// <summary>Source-generated JSON metadata for the session as <c>/session</c> answers it: no reflection at run time.</summary>
[JsonSerializable(typeof(Session))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
