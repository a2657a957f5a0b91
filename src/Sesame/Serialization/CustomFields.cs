using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sesame.Serialization;

/// <summary>
/// Writes custom JSON fields (a token's custom claims, a session's or user's custom data) flat into the object being
/// written, skipping names the typed properties own.
/// </summary>
internal static class CustomFields
{
    public static void Write(Utf8JsonWriter writer, JsonObject? fields, JsonSerializerOptions options, Func<string, bool> isReserved)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var (name, node) in fields)
        {
            if (isReserved(name))
            {
                continue;
            }

            writer.WritePropertyName(name);
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer, options);
            }
        }
    }
}
