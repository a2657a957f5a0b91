using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sesame.Jwt;
using Sesame.Serialization;

namespace Sesame.Sessions;

/// <summary>
/// Writes a <see cref="SessionUser"/> flat: <c>name</c>, <c>email</c>, <c>image</c> (null when unknown, left out when the token
/// the session came from has no such claim, as next-auth does), <c>id</c> when set, then custom fields.
/// </summary>
internal sealed class SessionUserJsonConverter : JsonConverter<SessionUser>
{
    public override SessionUser Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FromNode(JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("A session user must be a JSON object."));

    public override void Write(Utf8JsonWriter writer, SessionUser value, JsonSerializerOptions options) => WriteUser(writer, value, options);

    internal static SessionUser FromNode(JsonObject node)
    {
        var user = new SessionUser();
        foreach (var (name, value) in node)
        {
            var text = value is JsonValue scalar && scalar.TryGetValue(out string? s) ? s : null;
            switch (name)
            {
                case "id":
                    user.Id = text;
                    break;
                case "name":
                    user.Name = text;
                    break;
                case "email":
                    user.Email = text;
                    break;
                case "image":
                    user.Image = text;
                    break;
                default:
                    user.Set(name, value?.DeepClone());
                    break;
            }
        }

        return user;
    }

    internal static void WriteUser(Utf8JsonWriter writer, SessionUser value, JsonSerializerOptions options)
    {
        // next-auth's order: its default user first, then what the session callback adds (the seed's
        // `session.user.id = token.id`, then custom fields such as role)
        writer.WriteStartObject();
        WriteProfileField(writer, "name"u8, value.Name, value.Omits(ProfileClaims.Name));
        WriteProfileField(writer, "email"u8, value.Email, value.Omits(ProfileClaims.Email));
        WriteProfileField(writer, "image"u8, value.Image, value.Omits(ProfileClaims.Picture));
        if (value.Id is not null)
        {
            writer.WriteString("id"u8, value.Id);
        }

        CustomFields.Write(writer, value.Custom, options, static name => name is "id" or "name" or "email" or "image");
        writer.WriteEndObject();
    }

    private static void WriteProfileField(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value, bool omitted)
    {
        if (!omitted)
        {
            writer.WriteString(name, value);
        }
    }
}
