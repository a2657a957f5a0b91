using System.Globalization;
using System.Text.Json;

namespace Sesame.Sessions;

/// <summary>Writes instants as JavaScript's <c>toISOString()</c> does (<c>2026-12-26T18:38:28.196Z</c>), which next-auth clients parse.</summary>
internal static class IsoInstant
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void Write(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<char> buffer = stackalloc char[24];
        value.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
