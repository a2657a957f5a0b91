using System.Security.Claims;
using System.Text.Json;

namespace Sesame.Blazor.WebAssembly;

/// <summary>
/// The session as a <see cref="ClaimsPrincipal"/>, claim for claim as the server's Sesame scheme makes
/// <c>HttpContext.User</c>: the user id (<see cref="ClaimTypes.NameIdentifier"/>), <see cref="ClaimTypes.Name"/>,
/// <see cref="ClaimTypes.Email"/>, <c>picture</c>, role claims from the role field, and each other scalar user field
/// under its own name; so one <c>AuthorizeView Roles="admin"</c> works on both sides.
/// </summary>
internal static class SessionClaims
{
    public const string PictureClaimType = "picture";

    public static ClaimsPrincipal Anonymous { get; } = new(new ClaimsIdentity());

    public static ClaimsPrincipal ToPrincipal(SesameSession? session, string roleField)
    {
        if (session?.User is not { } user)
        {
            return Anonymous;
        }

        var identity = new ClaimsIdentity(SesameWebAssemblyDefaults.AuthenticationType, ClaimTypes.Name, ClaimTypes.Role);
        Add(identity, ClaimTypes.NameIdentifier, user.Id);
        Add(identity, ClaimTypes.Name, user.Name);
        Add(identity, ClaimTypes.Email, user.Email);
        Add(identity, PictureClaimType, user.Image);
        if (user.Extra is { } extra)
        {
            // ordinal order: the same session always gives the same claims, so a re-read compares equal
            foreach (var (name, value) in extra.OrderBy(field => field.Key, StringComparer.Ordinal))
            {
                if (name == roleField)
                {
                    AddRoles(identity, value);
                }
                else if (ScalarText(value) is { } text)
                {
                    identity.AddClaim(new Claim(name, text));
                }
            }
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>Whether two principals carry the same user and claims (a re-read that changed nothing notifies no one).</summary>
    public static bool Same(ClaimsPrincipal a, ClaimsPrincipal b)
    {
        if (a.Identity?.IsAuthenticated != b.Identity?.IsAuthenticated)
        {
            return false;
        }

        return a.Claims.Select(claim => (claim.Type, claim.Value)).SequenceEqual(b.Claims.Select(claim => (claim.Type, claim.Value)));
    }

    private static void Add(ClaimsIdentity identity, string type, string? value)
    {
        if (value is not null)
        {
            identity.AddClaim(new Claim(type, value));
        }
    }

    private static void AddRoles(ClaimsIdentity identity, JsonElement roles)
    {
        if (roles.ValueKind == JsonValueKind.String)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, roles.GetString()!));
        }
        else if (roles.ValueKind == JsonValueKind.Array)
        {
            foreach (var role in roles.EnumerateArray())
            {
                if (role.ValueKind == JsonValueKind.String)
                {
                    identity.AddClaim(new Claim(ClaimTypes.Role, role.GetString()!));
                }
            }
        }
    }

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };
}
