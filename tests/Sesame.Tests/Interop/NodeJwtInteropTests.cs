using System.Text.Json.Nodes;
using Sesame.Jwt;
using Sesame.Testing;
using Sesame.Tests.Jwt;

namespace Sesame.Tests.Interop;

/// <summary>Tokens go both ways between Sesame and the real next-auth 4.24.15 / @auth/core 0.41.3 (protocol §14).</summary>
public sealed class NodeJwtInteropTests
{
    private const string V5Salt = "authjs.session-token";

    private static JwtClaims SampleClaims()
    {
        var claims = new JwtClaims { Subject = "user_123", Name = "Zoë Ångström 李小龍 👩‍💻", Email = "zoë@example.com", Picture = "https://example.com/z.png" };
        claims.Set("role", "admin");
        claims.Set("permissions", new JsonArray("read", "write"));
        claims.Set("meta", new JsonObject { ["tenant"] = "acme", ["nested"] = new JsonObject { ["level"] = 2, ["ratio"] = 0.5 } });
        return claims;
    }

    private static JsonObject SampleJson() => new()
    {
        ["sub"] = "user_456",
        ["name"] = "Ωmega \"quoted\" <tag> & co",
        ["email"] = "omega@example.com",
        ["picture"] = null,
        ["isActive"] = true,
        ["loginCount"] = 7,
        ["tags"] = new JsonArray("a", 1, null, new JsonObject { ["deep"] = "ü" }),
    };

    private static NextAuthJwtCodec Codec(JwtFormat format, params string[] secrets) => new(secrets, format, TimeProvider.System);

    private static void AssertSameClaims(JwtClaims sent, JsonObject? received)
    {
        Assert.NotNull(received);
        JwtAssert.SameClaims(received, sent);
    }

    [RequiresFact(Requirement.Node)]
    public async Task NextAuthV4Decode_TokenEncodedBySesame_ReturnsClaims()
    {
        var claims = SampleClaims();
        var token = Codec(JwtFormat.NextAuthV4, "interop-secret").Encode(claims, TimeSpan.FromHours(1), "");

        var (decoded, error) = await NodeJwt.DecodeAsync("v4", token, "interop-secret", salt: null);

        Assert.Null(error);
        AssertSameClaims(claims, decoded);
    }

    [RequiresFact(Requirement.Node)]
    public async Task SesameV4Decode_TokenEncodedByNextAuth_ReturnsClaims()
    {
        var token = await NodeJwt.EncodeAsync("v4", SampleJson(), "interop-secret", salt: null, maxAgeSeconds: 3600);

        var claims = Codec(JwtFormat.NextAuthV4, "interop-secret").Decode(token, "");

        Assert.NotNull(claims);
        Assert.Equal("user_456", claims.Subject);
        var expected = SampleJson();
        expected["iat"] = claims.IssuedAt;
        expected["exp"] = claims.ExpiresAt;
        expected["jti"] = claims.TokenId;
        JwtAssert.SameClaims(expected, claims);
        Assert.Equal(3600, claims.ExpiresAt - claims.IssuedAt);
    }

    [RequiresFact(Requirement.Node)]
    public async Task NextAuthV4Decode_TokenEncodedBySesameWithOtherSecret_Fails()
    {
        var token = Codec(JwtFormat.NextAuthV4, "interop-secret").Encode(SampleClaims(), TimeSpan.FromHours(1), "");

        var (decoded, error) = await NodeJwt.DecodeAsync("v4", token, "another-secret", salt: null);

        Assert.Null(decoded);
        Assert.NotNull(error);
    }

    [RequiresFact(Requirement.Node)]
    public async Task NextAuthV4Decode_CheckCookieEncodedBySesame_ReturnsClaims()
    {
        var claims = new JwtClaims();
        claims.Set("value", "state-value");
        var token = Codec(JwtFormat.NextAuthV4, "interop-secret").Encode(claims, TimeSpan.FromMinutes(15), "next-auth.state");

        var (decoded, error) = await NodeJwt.DecodeAsync("v4", token, "interop-secret", "next-auth.state");

        Assert.Null(error);
        AssertSameClaims(claims, decoded);
    }

    [RequiresFact(Requirement.Node)]
    public async Task AuthCoreV5Decode_TokenEncodedBySesame_ReturnsClaims()
    {
        var claims = SampleClaims();
        var token = Codec(JwtFormat.AuthJsV5, "interop-secret").Encode(claims, TimeSpan.FromHours(1), V5Salt);

        var (decoded, error) = await NodeJwt.DecodeAsync("v5", token, "interop-secret", V5Salt);

        Assert.Null(error);
        AssertSameClaims(claims, decoded);
    }

    [RequiresFact(Requirement.Node)]
    public async Task SesameV5Decode_TokenEncodedByAuthCore_ReturnsClaims()
    {
        var token = await NodeJwt.EncodeAsync("v5", SampleJson(), "interop-secret", V5Salt, maxAgeSeconds: 3600);

        var claims = Codec(JwtFormat.AuthJsV5, "interop-secret").Decode(token, V5Salt);

        Assert.NotNull(claims);
        var expected = SampleJson();
        expected["iat"] = claims.IssuedAt;
        expected["exp"] = claims.ExpiresAt;
        expected["jti"] = claims.TokenId;
        JwtAssert.SameClaims(expected, claims);
    }

    [RequiresFact(Requirement.Node)]
    public async Task AuthCoreV5Decode_SecretArray_AcceptsTokensOfEverySecret()
    {
        var fromNew = Codec(JwtFormat.AuthJsV5, "new-secret", "old-secret").Encode(SampleClaims(), TimeSpan.FromHours(1), V5Salt);
        var fromOld = Codec(JwtFormat.AuthJsV5, "old-secret").Encode(SampleClaims(), TimeSpan.FromHours(1), V5Salt);

        var (newDecoded, newError) = await NodeJwt.DecodeAsync("v5", fromNew, new JsonArray("new-secret", "old-secret"), V5Salt);
        var (oldDecoded, oldError) = await NodeJwt.DecodeAsync("v5", fromOld, new JsonArray("new-secret", "old-secret"), V5Salt);
        var (removed, removedError) = await NodeJwt.DecodeAsync("v5", fromOld, new JsonArray("new-secret"), V5Salt);

        Assert.Null(newError);
        Assert.NotNull(newDecoded);
        Assert.Null(oldError);
        Assert.NotNull(oldDecoded);
        Assert.Null(removed);
        Assert.NotNull(removedError);
    }

    [RequiresFact(Requirement.Node)]
    public async Task SesameV5Decode_TokensFromAuthCoreSecretArray_AcceptsEverySecret()
    {
        var fromNew = await NodeJwt.EncodeAsync("v5", SampleJson(), new JsonArray("new-secret", "old-secret"), V5Salt, 3600);
        var fromOld = await NodeJwt.EncodeAsync("v5", SampleJson(), new JsonArray("old-secret"), V5Salt, 3600);
        var codec = Codec(JwtFormat.AuthJsV5, "new-secret", "old-secret");

        Assert.Equal("user_456", codec.Decode(fromNew, V5Salt)?.Subject);
        Assert.Equal("user_456", codec.Decode(fromOld, V5Salt)?.Subject);
        Assert.Null(Codec(JwtFormat.AuthJsV5, "new-secret").Decode(fromOld, V5Salt));
        Assert.Null(Codec(JwtFormat.AuthJsV5, "old-secret").Decode(fromNew, V5Salt));
    }

    [RequiresFact(Requirement.Node)]
    public async Task SesameDecode_TokenOfOtherVersion_ReturnsNull()
    {
        var v4Token = await NodeJwt.EncodeAsync("v4", SampleJson(), "interop-secret", salt: null, 3600);
        var v5Token = await NodeJwt.EncodeAsync("v5", SampleJson(), "interop-secret", V5Salt, 3600);

        Assert.Null(Codec(JwtFormat.AuthJsV5, "interop-secret").Decode(v4Token, V5Salt));
        Assert.Null(Codec(JwtFormat.NextAuthV4, "interop-secret").Decode(v5Token, ""));
    }
}
