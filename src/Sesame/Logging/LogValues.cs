namespace Sesame.Logging;

/// <summary>
/// Request values made safe for a log line: bounded, and with every control character (CR and LF forge lines, ESC drives
/// a terminal) and Unicode line or paragraph separator replaced by <c>?</c>.
/// </summary>
internal static class LogValues
{
    public static string Clean(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var span = value.AsSpan(0, Math.Min(value.Length, maxLength));
        if (span.IndexOfAnyInRange('\0', '\u001F') < 0 && span.IndexOfAny('\u007F', '\u2028', '\u2029') < 0 && span.IndexOfAnyInRange('\u0080', '\u009F') < 0)
        {
            return span.Length == value.Length ? value : span.ToString();
        }

        return string.Create(span.Length, value, static (destination, source) =>
        {
            for (var i = 0; i < destination.Length; i++)
            {
                var c = source[i];
                destination[i] = char.IsControl(c) || c is '\u2028' or '\u2029' ? '?' : c;
            }
        });
    }
}
