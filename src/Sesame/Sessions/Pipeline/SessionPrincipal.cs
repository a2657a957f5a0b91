using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sesame.Sessions.Pipeline;

/// <summary>
/// Turns a resolved session into <c>HttpContext.User</c>: the user id (<see cref="ClaimTypes.NameIdentifier"/>, from
/// <c>user.id</c> or the token's <c>sub</c>), <see cref="ClaimTypes.Name"/>, <see cref="ClaimTypes.Email"/>,
/// <c>picture</c>, role claims from the role field, and each other scalar custom field of the session user under its own name.
/// </summary>
internal static class SessionPrincipal
{
    public const string PictureClaimType = "picture";

    public static ClaimsPrincipal Create(SessionReadResult result, string roleField, string authenticationType)
    {
        var session = result.Session!;
        var user = session.User;
        // Claims go straight into the identity (its constructor would copy a list into one of its own).
        var claims = new ClaimsIdentity(authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        var id = user.Id ?? result.Token?.Subject ?? result.User?.Id;
        if (id is not null)
        {
            claims.AddClaim(new Claim(ClaimTypes.NameIdentifier, id));
        }

        if (user.Name is not null)
        {
            claims.AddClaim(new Claim(ClaimTypes.Name, user.Name));
        }

        if (user.Email is not null)
        {
            claims.AddClaim(new Claim(ClaimTypes.Email, user.Email));
        }

        if (user.Image is not null)
        {
            claims.AddClaim(new Claim(PictureClaimType, user.Image));
        }

        if (!AddRoles(claims, user.Get(roleField)))
        {
            // The session callback did not copy the role: fall back to where it came from.
            if (!AddRoles(claims, result.Token?.Get(roleField)) &&
                result.User?.Properties.TryGetValue(roleField, out var stored) == true && stored is not null)
            {
                claims.AddClaim(new Claim(ClaimTypes.Role, stored));
            }
        }

        if (user.Custom is { } custom)
        {
            foreach (var (name, node) in custom)
            {
                if (name != roleField && node is JsonValue value && ScalarText(value) is { } text)
                {
                    claims.AddClaim(new Claim(name, text));
                }
            }
        }

        return new ClaimsPrincipal(claims);
    }

    private static bool AddRoles(ClaimsIdentity claims, JsonNode? roles)
    {
        switch (roles)
        {
            case JsonValue single when single.TryGetValue(out string? role):
                claims.AddClaim(new Claim(ClaimTypes.Role, role));
                return true;
            case JsonArray many:
                var added = false;
                foreach (var item in many)
                {
                    if (item is JsonValue value && value.TryGetValue(out string? role))
                    {
                        claims.AddClaim(new Claim(ClaimTypes.Role, role));
                        added = true;
                    }
                }

                return added;
            default:
                return false;
        }
    }

    private static string? ScalarText(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };
}
