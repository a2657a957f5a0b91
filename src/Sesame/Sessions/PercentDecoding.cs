using System.Text;
using System.Text.Unicode;

namespace Sesame.Sessions;

/// <summary>
/// JavaScript's <c>decodeURIComponent</c>, strictly: a malformed escape or escapes that are not UTF-8 give
/// <see langword="null"/> (where JavaScript throws), never a half-decoded value.
/// </summary>
internal static class PercentDecoding
{
    public static string? Decode(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('%') < 0)
        {
            return new string(value);
        }

        // Every escape shrinks three characters into one byte, so the decoded bytes never outnumber the characters.
        var bytes = value.Length <= 1024 ? stackalloc byte[value.Length * 3] : new byte[value.Length * 3];
        var length = 0;
        for (var index = 0; index < value.Length; index++)
        {
            var c = value[index];
            if (c == '%')
            {
                if (index + 2 >= value.Length || !char.IsAsciiHexDigit(value[index + 1]) || !char.IsAsciiHexDigit(value[index + 2]))
                {
                    return null;
                }

                bytes[length++] = (byte)((HexValue(value[index + 1]) << 4) | HexValue(value[index + 2]));
                index += 2;
            }
            else if (char.IsAscii(c))
            {
                bytes[length++] = (byte)c;
            }
            else
            {
                // A header value is ASCII; a session token certainly is.
                return null;
            }
        }

        var decoded = bytes[..length];
        return Utf8.IsValid(decoded) ? Encoding.UTF8.GetString(decoded) : null;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
