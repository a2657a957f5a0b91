using System.Buffers.Text;
using System.Text.Json;

namespace Sesame.Jwt;

/// <summary>Parses a protected header this codec did not write itself (another encoder's key order, a foreign token).</summary>
internal static class JweHeaderReader
{
    /// <summary>Longest header segment we look at; a v5 header with a kid is about 140 characters.</summary>
    public const int MaxSegmentLength = 1024;

    /// <summary>
    /// Reads <c>alg</c>, <c>enc</c> and <c>kid</c>. Fails for anything but <c>alg: dir</c> with A256GCM or A256CBC-HS512,
    /// and for a <c>zip</c> or <c>crit</c> member (compression and critical extensions are never used by next-auth).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> segment, out JweEncryption encryption, out string? kid)
    {
        encryption = default;
        kid = null;
        // empty: refused here rather than by the parser's exception (a common malformed token)
        if (segment.IsEmpty || segment.Length > MaxSegmentLength)
        {
            return false;
        }

        Span<byte> json = stackalloc byte[Base64Url.GetMaxDecodedLength(MaxSegmentLength)];
        if (!CompactJwe.TryDecode(segment, json, out var length))
        {
            return false;
        }

        try
        {
            return TryParse(json[..length], out encryption, out kid);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a kid that is not valid UTF-8 (found by fuzzing; the header is not authenticated
            // until the key it names has decrypted the token, so anyone can send one).
            encryption = default;
            kid = null;
            return false;
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> json, out JweEncryption encryption, out string? kid)
    {
        encryption = default;
        kid = null;
        var reader = new Utf8JsonReader(json);
        reader.Read(); // no JSON at all throws, caught by the caller
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool algOk = false, encOk = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("alg"u8))
            {
                reader.Read();
                algOk = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("dir"u8);
            }
            else if (reader.ValueTextEquals("enc"u8))
            {
                reader.Read();
                encOk = reader.TokenType == JsonTokenType.String && TryReadEncryption(ref reader, out encryption);
            }
            else if (reader.ValueTextEquals("kid"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                kid = reader.GetString();
            }
            else if (reader.ValueTextEquals("zip"u8) || reader.ValueTextEquals("crit"u8))
            {
                return false;
            }
            else
            {
                reader.Skip(); // on a property name, Skip passes its value
            }
        }

        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && algOk && encOk;
    }

    private static bool TryReadEncryption(ref Utf8JsonReader reader, out JweEncryption encryption)
    {
        if (reader.ValueTextEquals("A256GCM"u8))
        {
            encryption = JweEncryption.A256Gcm;
            return true;
        }

        encryption = JweEncryption.A256CbcHs512;
        return reader.ValueTextEquals("A256CBC-HS512"u8);
    }
}
