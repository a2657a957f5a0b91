using System.Text.Json;

namespace Sesame.Jwt;

/// <summary>
/// Checks a decrypted payload the way next-auth's JOSE library does (protocol §5.4) before it is deserialized:
/// a JSON object; <c>exp</c>, <c>nbf</c>, <c>iat</c>, when present, numbers; not expired and not before its time,
/// with 15 seconds of clock tolerance. One forward-only pass, no allocation.
/// </summary>
internal static class JwtPayloadValidator
{
    /// <summary>Clock skew tolerated on <c>exp</c> and <c>nbf</c>, in seconds (next-auth's <c>clockTolerance: 15</c>).</summary>
    public const long ClockToleranceSeconds = 15;

    public static bool IsValid(ReadOnlySpan<byte> json, long now)
    {
        // a payload that is not an object is the common "not a JSON object" case: refuse it without an exception
        var first = 0;
        while (first < json.Length && json[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            first++;
        }

        if (first == json.Length || json[first] != (byte)'{')
        {
            return false;
        }

        try
        {
            return Check(json, now);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Check(ReadOnlySpan<byte> json, long now)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read(); // StartObject, checked by the caller
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("exp"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var exp) || exp <= now - ClockToleranceSeconds)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("nbf"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var nbf) || nbf > now + ClockToleranceSeconds)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("iat"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // the object must be complete and nothing may follow it (the reader throws on trailing data)
        return reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();
    }
}
