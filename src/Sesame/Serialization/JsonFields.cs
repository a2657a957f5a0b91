using System.Text.Json.Nodes;

namespace Sesame.Serialization;

/// <summary>Shared get/set over the custom JSON fields of the token, session and session user.</summary>
internal static class JsonFields
{
    public static JsonNode? Get(JsonObject? fields, string name) =>
        fields is not null && fields.TryGetPropertyValue(name, out var value) ? value : null;

    /// <summary>Whether a value (<see langword="null"/> is JSON null) is written as the same JSON as another.</summary>
    public static bool SameJson(JsonNode? current, JsonNode value)
    {
        if (ReferenceEquals(current, value))
        {
            return true;
        }

        if (current is null)
        {
            return false;
        }

        if (current is JsonValue x && value is JsonValue y && x.TryGetValue(out string? left) && y.TryGetValue(out string? right))
        {
            return string.Equals(left, right, StringComparison.Ordinal);
        }

        var options = SesameJsonContext.Default.Options;
        return string.Equals(current.ToJsonString(options), value.ToJsonString(options), StringComparison.Ordinal);
    }

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
