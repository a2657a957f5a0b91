using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sesame.Serialization;

namespace Sesame.Jwt;

/// <summary>
/// Reads and writes <see cref="JwtClaims"/> as one flat JSON object: the standard claims, then the custom ones.
/// </summary>
/// <remarks>
/// Needed because System.Text.Json writes a <c>[JsonExtensionData]</c> property of type <see cref="JsonObject"/> as a
/// nested object without a name (<c>{"sub":"x",{"role":"admin"}}</c>: invalid JSON), with reflection and with source
/// generation alike (dotnet/runtime#60806, #97225). A standard claim also present in <see cref="JwtClaims.Custom"/> is
/// written once, from the typed property. Numeric time claims with a fraction (legal in JWT) are truncated to seconds.
/// </remarks>
internal sealed class JwtClaimsJsonConverter : JsonConverter<JwtClaims>
{
    public override JwtClaims Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A JWT payload must be a JSON object.");
        }

        var claims = new JwtClaims();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("iat"u8))
            {
                claims.IssuedAt = ReadSeconds(ref reader);
            }
            else if (reader.ValueTextEquals("exp"u8))
            {
                claims.ExpiresAt = ReadSeconds(ref reader);
            }
            else if (reader.ValueTextEquals("nbf"u8))
            {
                claims.NotBefore = ReadSeconds(ref reader);
            }
            else if (!TryReadStandardString(ref reader, claims))
            {
                var name = reader.GetString()!;
                reader.Read();
                claims.AddParsed(name, JsonNode.Parse(ref reader)); // last duplicate wins, as with JSON.parse
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("Unterminated JWT payload.");
        }

        return claims;
    }

    public override void Write(Utf8JsonWriter writer, JwtClaims value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteProfileClaim(writer, "sub"u8, value.Subject, value.Has(ProfileClaims.Subject));
        WriteProfileClaim(writer, "name"u8, value.Name, value.Has(ProfileClaims.Name));
        WriteProfileClaim(writer, "email"u8, value.Email, value.Has(ProfileClaims.Email));
        WriteProfileClaim(writer, "picture"u8, value.Picture, value.Has(ProfileClaims.Picture));
        WriteNumber(writer, "iat"u8, value.IssuedAt);
        WriteNumber(writer, "exp"u8, value.ExpiresAt);
        WriteNumber(writer, "nbf"u8, value.NotBefore);
        WriteString(writer, "jti"u8, value.TokenId);
        WriteCustom(writer, value.CustomClaims, options);
        writer.WriteEndObject();
    }

    /// <summary>Writes the custom claims as properties of the object being written, skipping the standard names.</summary>
    internal static void WriteCustom(Utf8JsonWriter writer, JsonObject? custom, JsonSerializerOptions options) =>
        CustomFields.Write(writer, custom, options, IsStandard);

    private static bool IsStandard(string name) =>
        name is "sub" or "name" or "email" or "picture" or "iat" or "exp" or "nbf" or "jti";

    /// <summary>Reads the value of <c>sub</c>, <c>name</c>, <c>email</c>, <c>picture</c> or <c>jti</c>; false (nothing read) for another property.</summary>
    internal static bool TryReadStandardString(ref Utf8JsonReader reader, JwtClaims claims)
    {
        if (reader.ValueTextEquals("sub"u8))
        {
            claims.Subject = ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("name"u8))
        {
            claims.Name = ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("email"u8))
        {
            claims.Email = ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("picture"u8))
        {
            claims.Picture = ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("jti"u8))
        {
            claims.TokenId = ReadString(ref reader);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>The numeric date the reader is on (<see langword="null"/> for JSON null), in whole seconds.</summary>
    internal static long? ReadSecondsValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("Expected a numeric date claim.");
        }

        if (reader.TryGetInt64(out var seconds))
        {
            return seconds;
        }

        var value = reader.GetDouble();
        return value is >= long.MinValue and <= long.MaxValue
            ? (long)Math.Truncate(value)
            : throw new JsonException("Numeric date claim out of range.");
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException("Expected a string claim."),
        };
    }

    private static long? ReadSeconds(ref Utf8JsonReader reader)
    {
        reader.Read();
        return ReadSecondsValue(ref reader);
    }

    /// <summary>A profile claim the token has is written, as null too (next-auth's <c>picture: null</c>); one it lacks is left out.</summary>
    private static void WriteProfileClaim(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value, bool present)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
        else if (present)
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
