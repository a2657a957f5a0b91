using System.Text.Json.Nodes;
using Sesame.Jwt;
using Sesame.Sessions.Pipeline;
using Sesame.SignIn;
using Sesame.Stores;

namespace Sesame.Mfa;

/// <summary>
/// A sign-in whose first factor is done, waiting for the second: an encrypted token in a cookie of its own, under a key
/// of its own (the codec's salt), so it can never be read as a session: <c>GET /session</c>, <c>[Authorize]</c>, route
/// protection, bearer tokens and caches all look for the session cookie and a session key, and find neither.
/// </summary>
internal static class PartialSignIn
{
    /// <summary>The HKDF salt of partial sign-in tokens: a key no session token is made with.</summary>
    public const string Salt = "sesame.partial-sign-in";

    private const string Claim = "sesame_partial";

    public static string Encode(IJwtCodec codec, SessionGrant grant, TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = new JwtClaims
        {
            Subject = grant.User.Id,
            Name = grant.User.Name,
            Email = grant.User.Email,
            Picture = grant.User.Image,
            TokenId = Guid.NewGuid().ToString("N"),
        };
        var methods = new JsonArray();
        foreach (var method in grant.AuthenticationMethods ?? [FirstFactorOf(grant.Account)])
        {
            methods.Add(method);
        }

        claims.Set(Claim, new JsonObject
        {
            ["provider"] = grant.Account.Provider,
            ["type"] = grant.Account.Type,
            ["providerAccountId"] = grant.Account.ProviderAccountId,
            ["newUser"] = grant.IsNewUser,
            ["persistent"] = grant.Persistent,
            ["callbackUrl"] = grant.CallbackUrl,
            ["amr"] = methods,
            // (a JWT session without a database leaves a missing picture out, as next-auth does: kept through the second factor)
            ["omitsImage"] = grant.OmitsImage,
            // to the millisecond (iat has whole seconds): a verification in the same second must not void the next partial sign-in
            ["startedAt"] = now.ToUnixTimeMilliseconds(),
        });
        return codec.Encode(claims, lifetime, Salt);
    }

    /// <summary>The pending grant, its id and when it was made (to the millisecond); <see langword="null"/> for anything not a live partial sign-in.</summary>
    public static (SessionGrant Grant, string Id, DateTimeOffset IssuedAt)? Decode(IJwtCodec codec, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8192 || codec.Decode(token, Salt) is not { } claims ||
            claims.Subject is not { Length: > 0 } userId || claims.TokenId is not { } id ||
            claims.Get(Claim) is not JsonObject pending || pending["startedAt"] is not JsonValue started || !started.TryGetValue(out long startedAt) ||
            Text(pending, "provider") is not { } provider || Text(pending, "type") is not { } type ||
            Text(pending, "providerAccountId") is not { } providerAccountId || Text(pending, "callbackUrl") is not { } callbackUrl)
        {
            return null;
        }

        var methods = pending["amr"] is JsonArray array ? array.Select(m => m?.GetValueKind() == System.Text.Json.JsonValueKind.String ? m.GetValue<string>() : null).OfType<string>().ToList() : [];
        var grant = new SessionGrant
        {
            User = new SesameUser { Id = userId, Name = claims.Name, Email = claims.Email, Image = claims.Picture },
            Account = new SesameAccount { Type = type, Provider = provider, ProviderAccountId = providerAccountId, UserId = userId },
            IsNewUser = pending["newUser"]?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? pending["newUser"]!.GetValue<bool>() : null,
            Persistent = pending["persistent"]?.GetValueKind() != System.Text.Json.JsonValueKind.False,
            CallbackUrl = callbackUrl,
            AuthenticationMethods = methods,
            OmitsImage = pending["omitsImage"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
        };
        return (grant, id, DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(startedAt, 0, 253_402_300_799_999)));
    }

    /// <summary>
    /// The RFC 8176 name of the first factor: <c>pwd</c> for credentials; <c>fed</c> (federated, not in RFC 8176's list)
    /// for an identity provider; the provider type otherwise (<c>email</c>).
    /// </summary>
    private static string FirstFactorOf(SesameAccount account) => account.Type switch
    {
        "credentials" => "pwd",
        "oauth" or "oidc" => "fed",
        var other => other,
    };

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
