using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Sesame.Stores;

namespace Sesame.SignIn;

/// <summary>
/// Turns what <c>HttpContext.SignInAsync(SesameDefaults.AuthenticationScheme, principal, properties)</c> receives into a
/// sign-in candidate: an external account when a Sesame provider's remote handler signs in (its id in
/// <see cref="ProviderItem"/>, or the principal's authentication type), else a user the app vouches for.
/// </summary>
internal static class PrincipalSignIn
{
    /// <summary>The <see cref="AuthenticationProperties.Items"/> key naming the Sesame provider of a remote sign-in.</summary>
    public const string ProviderItem = "sesame.provider";

    /// <summary>The key of the account type (<c>oauth</c>, <c>oidc</c>) of a remote sign-in.</summary>
    public const string ProviderTypeItem = "sesame.providerType";

    /// <summary>The provider id a sign-in names, if any.</summary>
    public static string? ProviderIdOf(ClaimsPrincipal principal, AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(ProviderItem, out var id) == true && !string.IsNullOrEmpty(id) ? id : principal.Identity?.AuthenticationType;

    /// <summary>
    /// The standard mapping of an identity provider's claims: <c>sub</c> (or the name identifier) is the account id,
    /// <c>name</c>, <c>email</c>, <c>picture</c> and <c>email_verified</c> describe the user, and the tokens the handler
    /// saved (<c>SaveTokens</c>) go into the account.
    /// </summary>
    public static SignInCandidate External(string providerId, ClaimsPrincipal principal, AuthenticationProperties properties, bool allowEmailAccountLinking)
    {
        var accountId = First(principal, "sub", ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException($"The sign-in of provider '{providerId}' carries no 'sub' or name identifier claim: map the provider's account id to one.");
        var user = new SesameUser
        {
            Id = accountId,
            Name = First(principal, "name", ClaimTypes.Name),
            Email = First(principal, "email", ClaimTypes.Email),
            Image = First(principal, "picture", "image"),
        };
        var account = new SesameAccount
        {
            Type = properties.Items.TryGetValue(ProviderTypeItem, out var type) && !string.IsNullOrEmpty(type) ? type : "oauth",
            Provider = providerId,
            ProviderAccountId = accountId,
            UserId = accountId,
            AccessToken = properties.GetTokenValue("access_token"),
            RefreshToken = properties.GetTokenValue("refresh_token"),
            IdToken = properties.GetTokenValue("id_token"),
            TokenType = properties.GetTokenValue("token_type")?.ToLowerInvariant(),
            Scope = properties.GetTokenValue("scope"),
            SessionState = First(principal, "session_state", "sid"),
            ExpiresAt = DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt)
                ? expiresAt.ToUnixTimeSeconds()
                : null,
        };
        return new SignInCandidate
        {
            User = user,
            Account = account,
            IsExternal = true,
            EmailVerified = string.Equals(First(principal, "email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            AllowEmailAccountLinking = allowEmailAccountLinking,
            Profile = ProfileOf(principal),
            OmitsImage = user.Image is null,
        };
    }

    /// <summary>
    /// A user the app itself signs in (<c>HttpContext.SignInAsync</c> from its own code): the name identifier (or
    /// <c>sub</c>) is the user id; name, e-mail, picture and other single-valued claims are the user's data.
    /// </summary>
    public static SignInCandidate App(ClaimsPrincipal principal)
    {
        var id = First(principal, ClaimTypes.NameIdentifier, "sub")
            ?? throw new InvalidOperationException("SignInAsync with the Sesame scheme needs a ClaimTypes.NameIdentifier (or 'sub') claim: the user id.");
        var known = new HashSet<string>(StringComparer.Ordinal) { ClaimTypes.NameIdentifier, "sub", ClaimTypes.Name, "name", ClaimTypes.Email, "email", "picture" };
        var properties = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var claim in principal.Claims)
        {
            if (!known.Contains(claim.Type))
            {
                var key = claim.Type == ClaimTypes.Role ? "role" : claim.Type;
                properties.TryAdd(key, claim.Value);
            }
        }

        var provider = principal.Identity?.AuthenticationType is { Length: > 0 } type ? type : SesameDefaults.AuthenticationScheme;
        var user = new SesameUser
        {
            Id = id,
            Name = First(principal, ClaimTypes.Name, "name"),
            Email = First(principal, ClaimTypes.Email, "email"),
            Image = First(principal, "picture"),
            Properties = properties,
        };
        return new SignInCandidate
        {
            User = user,
            Account = new SesameAccount { Type = "credentials", Provider = provider, ProviderAccountId = id, UserId = id },
        };
    }

    private static string? First(ClaimsPrincipal principal, params ReadOnlySpan<string> types)
    {
        foreach (var type in types)
        {
            if (principal.FindFirst(type)?.Value is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The claims as next-auth's <c>profile</c>: one value a string, several an array.</summary>
    private static JsonObject ProfileOf(ClaimsPrincipal principal)
    {
        var profile = new JsonObject();
        foreach (var group in principal.Claims.GroupBy(claim => claim.Type, StringComparer.Ordinal))
        {
            var values = group.Select(claim => claim.Value).ToArray();
            profile[group.Key] = values.Length == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(value => (JsonNode?)JsonValue.Create(value))]);
        }

        return profile;
    }
}
