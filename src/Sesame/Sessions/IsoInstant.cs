using System.Globalization;
using System.Text.Json;

namespace Sesame.Sessions;

/// <summary>Writes instants as JavaScript's <c>toISOString()</c> does (<c>2026-12-26T18:38:28.196Z</c>), which next-auth clients parse.</summary>
internal static class IsoInstant
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // The round-trip format of a UTC time, "2026-12-26T18:38:28.1960000Z", has its own fast formatter (a custom format
    // string is parsed on every call): its first 23 characters are the ones toISOString writes before the 'Z'.
    private const int MillisecondsEnd = 23;

    public static void Write(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[33];
        if (!value.UtcDateTime.TryFormat(buffer, out var written, "O", CultureInfo.InvariantCulture) || written != 28)
        {
            // not reached for years 1–9999; kept so that the output never depends on it
            Span<char> text = stackalloc char[24];
            value.UtcDateTime.TryFormat(text, out var length, Format, CultureInfo.InvariantCulture);
            writer.WriteStringValue(text[..length]);
            return;
        }

        buffer[MillisecondsEnd] = (byte)'Z';
        writer.WriteStringValue(buffer[..(MillisecondsEnd + 1)]);
    }
}
