using System.Security.Claims;
using System.Text.Json;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The Apple preset's claim mapping. The ID token gives <c>sub</c> (the account id), <c>email</c> and
/// <c>email_verified</c> (Apple writes it as <c>"true"</c> or <c>true</c>; both read as verified); Apple has no picture.
/// The name is not in the ID token: Apple posts it once, at the user's first authorization of the app, as the
/// <c>user</c> form field beside <c>code</c> and <c>state</c> (<c>{"name":{"firstName","lastName"},"email"}</c>).
/// That field is not signed, so only the name is taken from it (what the user typed at Apple, in the same response as
/// their own code); the e-mail address comes from the ID token only.
/// </summary>
internal static class AppleProfile
{
    /// <summary>The form field Apple posts the user's name in.</summary>
    public const string UserField = "user";

    /// <summary>Adds <c>name</c> (first and last name) from the <c>user</c> field when it is present and well-formed.</summary>
    public static void AddName(ClaimsIdentity identity, string? user, string issuer)
    {
        if (identity.FindFirst("name") is not null || NameOf(user) is not { } name)
        {
            return;
        }

        identity.AddClaim(new Claim("name", name, ClaimValueTypes.String, issuer));
    }

    /// <summary>The name in Apple's <c>user</c> field: first and last name joined by a space, whichever are given.</summary>
    public static string? NameOf(string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(user);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var parts = new[] { StringOf(name, "firstName"), StringOf(name, "lastName") }.Where(part => part is { Length: > 0 });
            var joined = string.Join(' ', parts);
            return joined.Length > 0 ? joined : null;
        }
        catch (JsonException)
        {
            // a malformed field costs the name, not the sign-in (the ID token is what the sign-in rests on)
            return null;
        }
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
}
