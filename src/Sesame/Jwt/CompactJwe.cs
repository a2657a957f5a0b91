using System.Buffers;
using System.Buffers.Text;

namespace Sesame.Jwt;

/// <summary>Writes the compact serialization of a <c>dir</c> JWE: <c>header..iv.ciphertext.tag</c> (the encrypted key is empty).</summary>
internal static class CompactJwe
{
    /// <summary>
    /// Builds the token from the cached header segment and <paramref name="buffer"/>, which holds IV ‖ ciphertext ‖ tag
    /// from <paramref name="offset"/> on. One string allocation, no intermediate strings.
    /// </summary>
    public static string Write(string headerSegment, byte[] buffer, int offset, int ivLength, int ciphertextLength, int tagLength)
    {
        var length = headerSegment.Length + 2
            + Base64Url.GetEncodedLength(ivLength) + 1
            + Base64Url.GetEncodedLength(ciphertextLength) + 1
            + Base64Url.GetEncodedLength(tagLength);
        return string.Create(length, (headerSegment, buffer, offset, ivLength, ciphertextLength, tagLength), static (chars, state) =>
        {
            var (header, bytes, start, ivLength, ciphertextLength, tagLength) = state;
            header.AsSpan().CopyTo(chars);
            var position = header.Length;
            chars[position++] = '.';
            chars[position++] = '.';
            position += Base64Url.EncodeToChars(bytes.AsSpan(start, ivLength), chars[position..]);
            chars[position++] = '.';
            position += Base64Url.EncodeToChars(bytes.AsSpan(start + ivLength, ciphertextLength), chars[position..]);
            chars[position++] = '.';
            Base64Url.EncodeToChars(bytes.AsSpan(start + ivLength + ciphertextLength, tagLength), chars[position..]);
        });
    }

    /// <summary>
    /// Decodes base64url without throwing: <see cref="Base64Url.TryDecodeFromChars(ReadOnlySpan{char}, Span{byte}, out int)"/>
    /// throws <see cref="FormatException"/> on bad input, the <see cref="OperationStatus"/> overload does not.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written) =>
        Base64Url.DecodeFromChars(text, destination, out _, out written) == OperationStatus.Done;
}
