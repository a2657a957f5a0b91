using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace Sesame.Providers.OAuth;

/// <summary>The Discord preset's claim mapping of a <c>GET /users/@me</c> answer, as Auth.js's Discord provider's <c>profile()</c>.</summary>
internal static class DiscordProfile
{
    public const string Cdn = "https://cdn.discordapp.com";

    public static void Map(ClaimActionCollection claims)
    {
        claims.MapJsonKey("sub", "id");
        claims.MapCustomJson("name", user => StringOf(user, "global_name") ?? StringOf(user, "username"));
        claims.MapJsonKey("email", "email");
        // Discord's "verified" is about the e-mail address (it comes with the email scope)
        claims.MapCustomJson("email_verified", System.Security.Claims.ClaimValueTypes.Boolean, user =>
            user.TryGetProperty("verified", out var verified) && verified.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? (verified.ValueKind == JsonValueKind.True ? "true" : "false")
                : null);
        claims.MapCustomJson("picture", Image);
    }

    /// <summary>
    /// The avatar on the CDN (animated ones, whose hash starts with <c>a_</c>, as gif); without one, the default avatar:
    /// <c>(id &gt;&gt; 22) % 6</c> for a user on Discord's new usernames (discriminator <c>0</c> or none), else
    /// <c>discriminator % 5</c> — Auth.js v5's computation, which for a legacy discriminator is next-auth v4's too.
    /// </summary>
    public static string? Image(JsonElement user)
    {
        if (StringOf(user, "id") is not { } id)
        {
            return null;
        }

        if (StringOf(user, "avatar") is { Length: > 0 } avatar)
        {
            var format = avatar.StartsWith("a_", StringComparison.Ordinal) ? "gif" : "png";
            return $"{Cdn}/avatars/{id}/{avatar}.{format}";
        }

        var discriminator = StringOf(user, "discriminator");
        int? index = discriminator is null or "0"
            ? ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var snowflake) ? (int)((snowflake >> 22) % 6) : null
            : int.TryParse(discriminator, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number % 5 : null;
        return index is { } i ? $"{Cdn}/embed/avatars/{i.ToString(CultureInfo.InvariantCulture)}.png" : null;
    }

    private static string? StringOf(JsonElement user, string property) =>
        user.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
