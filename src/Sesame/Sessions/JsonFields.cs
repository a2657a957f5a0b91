using System.Text.Json.Nodes;

namespace Sesame.Sessions;

/// <summary>Shared get/set over the custom JSON fields of the token, session and session user.</summary>
internal static class JsonFields
{
    public static JsonNode? Get(JsonObject? fields, string name) =>
        fields is not null && fields.TryGetPropertyValue(name, out var value) ? value : null;

    public static JsonObject? Set(JsonObject? fields, string name, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (value is null)
        {
            fields?.Remove(name);
            return fields;
        }

        fields ??= [];
        fields[name] = value;
        return fields;
    }
}
