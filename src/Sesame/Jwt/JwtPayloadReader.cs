using System.Text.Json;

namespace Sesame.Jwt;

/// <summary>
/// Reads a decrypted payload into <see cref="JwtClaims"/> and checks it the way next-auth's JOSE library does
/// (protocol §5.4), in one forward pass: a JSON object and nothing after it; <c>exp</c>, <c>nbf</c>, <c>iat</c>, when
/// present, numbers; not expired and not before its time, with 15 seconds of clock tolerance (every occurrence of a
/// repeated claim is checked; the last one is kept, as with <c>JSON.parse</c>). Custom claims are kept as their JSON
/// text and become nodes only when the app asks for them (see <see cref="JwtClaims"/>).
/// </summary>
internal static class JwtPayloadReader
{
    /// <summary>Clock skew tolerated on <c>exp</c> and <c>nbf</c>, in seconds (next-auth's <c>clockTolerance: 15</c>).</summary>
    public const long ClockToleranceSeconds = 15;

    /// <summary>Whether a payload with these times is still valid at <paramref name="now"/> (it was when it was read).</summary>
    public static bool IsCurrent(PayloadTimes times, long now) =>
        times.EarliestExpiry > now - ClockToleranceSeconds && times.LatestNotBefore <= now + ClockToleranceSeconds;

    /// <summary>The claims, or <see langword="null"/> when the payload is not a valid claims object at <paramref name="now"/>.</summary>
    public static JwtClaims? Read(ReadOnlySpan<byte> json, long now) => Read(json, now, out _);

    /// <summary>
    /// The claims, or <see langword="null"/> when the payload is not a valid claims object at <paramref name="now"/>;
    /// <paramref name="times"/> says until when it stays valid.
    /// </summary>
    public static JwtClaims? Read(ReadOnlySpan<byte> json, long now, out PayloadTimes times)
    {
        times = default;
        try
        {
            return ReadObject(json, now, out times);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            // malformed JSON, or a well-formed, authentic payload whose claims do not fit JwtClaims (a non-integer "exp",
            // "sub" not a string): only a holder of the secret can produce either (the payload decrypted), so the cost
            // of an exception does not matter
        }

        return null;
    }

    private static JwtClaims? ReadObject(ReadOnlySpan<byte> json, long now, out PayloadTimes times)
    {
        var earliestExpiry = double.PositiveInfinity;
        var latestNotBefore = double.NegativeInfinity;
        times = default;
        var reader = new Utf8JsonReader(json);
        reader.Read(); // leading JSON whitespace skipped, as JSON.parse does; no JSON at all throws
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var claims = new JwtClaims();
        byte[]? source = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("exp"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var exp) || exp <= now - ClockToleranceSeconds)
                {
                    return null;
                }

                earliestExpiry = Math.Min(earliestExpiry, exp);
                claims.ExpiresAt = JwtClaimsJsonConverter.ReadSecondsValue(ref reader);
            }
            else if (reader.ValueTextEquals("nbf"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var nbf) || nbf > now + ClockToleranceSeconds)
                {
                    return null;
                }

                latestNotBefore = Math.Max(latestNotBefore, nbf);
                claims.NotBefore = JwtClaimsJsonConverter.ReadSecondsValue(ref reader);
            }
            else if (reader.ValueTextEquals("iat"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number)
                {
                    return null;
                }

                claims.IssuedAt = JwtClaimsJsonConverter.ReadSecondsValue(ref reader);
            }
            else if (!JwtClaimsJsonConverter.TryReadStandardString(ref reader, claims))
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
                // one copy of the payload serves every custom claim of this token
                // Stryker disable once all : equivalent, a copy per claim reads the same (allocations only)
                source ??= json.ToArray();
                claims.AddUnparsed(name, source, start, (int)reader.BytesConsumed - start, text);
            }
        }

        // the object must be complete (values are skipped whole, so an EndObject here is the payload's own) and nothing
        // may follow it (the reader throws on trailing data)
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return null;
        }

        times = new PayloadTimes(earliestExpiry, latestNotBefore);
        return claims;
    }
}
