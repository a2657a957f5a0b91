using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sesame.Serialization;

namespace Sesame.Sessions;

/// <summary>
/// Writes a <see cref="Session"/> as next-auth does: <c>{"user":{…},"expires":"…Z", …custom}</c>, custom fields flat
/// (System.Text.Json nests a <see cref="JsonObject"/> extension-data property, which is invalid JSON; see <c>JwtClaimsJsonConverter</c>).
/// </summary>
internal sealed class SessionJsonConverter : JsonConverter<Session>
{
    public override Session Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("A session must be a JSON object.");
        var session = new Session();
        foreach (var (name, value) in node)
        {
            switch (name)
            {
                case "user" when value is JsonObject user:
                    session.User = SessionUserJsonConverter.FromNode(user);
                    break;
                case "expires" when value is JsonValue expires && expires.TryGetValue(out string? text):
                    session.Expires = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
                    break;
                default:
                    session.Set(name, value?.DeepClone());
                    break;
            }
        }

        return session;
    }

    public override void Write(Utf8JsonWriter writer, Session value, JsonSerializerOptions options) => WriteSession(writer, value, options);

    /// <summary>Writes <paramref name="value"/>; what the serializer calls, and what the session endpoint calls directly.</summary>
    internal static void WriteSession(Utf8JsonWriter writer, Session value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("user"u8);
        SessionUserJsonConverter.WriteUser(writer, value.User, options);
        writer.WritePropertyName("expires"u8);
        IsoInstant.Write(writer, value.Expires);
        CustomFields.Write(writer, value.Custom, options, static name => name is "user" or "expires");
        writer.WriteEndObject();
    }
}
