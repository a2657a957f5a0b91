using System.Text.Json.Nodes;
using Sesame.Jwt;

namespace Sesame.Tests.Jwt;

/// <summary>
/// The change tracking that decides whether a read token is re-encrypted after the <c>jwt</c> callback: it must say
/// "changed" exactly when the token's JSON changed, as comparing the serialized token before and after would.
/// </summary>
public sealed class JwtClaimsTrackingTests
{
    [Fact]
    public void Tracking_NothingTouched_IsUnchanged() => Assert.False(Track(_ => { }));

    [Fact]
    public void Tracking_ReadsOnly_IsUnchanged() => Assert.False(Track(claims =>
    {
        _ = claims.Subject;
        _ = claims.Name;
        _ = claims.GetString("role");
        _ = claims.Get("missing");
        _ = claims.Clone().Custom!.Remove("role");
    }));

    [Fact]
    public void Tracking_TypedPropertySetToSameValue_IsUnchanged() => Assert.False(Track(claims =>
    {
        claims.Name = "Alice";
        claims.Subject = "u1";
        claims.ExpiresAt = claims.ExpiresAt;
    }));

    [Theory]
    [InlineData("name")]
    [InlineData("email")]
    [InlineData("picture")]
    [InlineData("sub")]
    [InlineData("iat")]
    [InlineData("exp")]
    [InlineData("nbf")]
    [InlineData("jti")]
    public void Tracking_TypedPropertyChanged_IsChanged(string claim) => Assert.True(Track(claims =>
    {
        switch (claim)
        {
            case "name": claims.Name = "Bob"; break;
            case "email": claims.Email = null; break;
            case "picture": claims.Picture = "https://example.com/b.png"; break;
            case "sub": claims.Subject = "u2"; break;
            case "iat": claims.IssuedAt = 1; break;
            case "exp": claims.ExpiresAt = null; break;
            case "nbf": claims.NotBefore = 5; break;
            case "jti": claims.TokenId = "other"; break;
        }
    }));

    [Fact]
    public void Tracking_AbsentClaimSetToNull_IsChanged() =>
        // the sample token has no picture: `picture: null` is a different token (and a different session, image: null)
        Assert.True(Track(claims => claims.Picture = null));

    [Theory]
    [InlineData("""{"sub":"u1","name":null,"picture":null,"iat":1}""", """{"sub":"u1","name":null,"picture":null,"iat":1}""")]
    [InlineData("""{"iat":1}""", """{"iat":1}""")]
    [InlineData("""{"email":"e@example.com","picture":"p"}""", """{"email":"e@example.com","picture":"p"}""")]
    public void Serialize_ProfileClaims_NullKeptAbsentLeftOut(string payload, string expected)
    {
        var claims = System.Text.Json.JsonSerializer.Deserialize(payload, Sesame.Jwt.JwtJsonContext.Default.JwtClaims)!;

        Assert.Equal(expected, Json(claims));
        Assert.Equal(expected, Json(claims.Clone()));
    }

    [Fact]
    public void Serialize_ClaimsSetInCode_NullPropertiesSetAreWrittenOthersAreNot()
    {
        var claims = new JwtClaims { Subject = "u1", Name = "Alice", Picture = null };

        Assert.Equal("""{"sub":"u1","name":"Alice","picture":null}""", Json(claims));
    }

    [Fact]
    public void Tracking_SetSameStringOrNumberOrObject_IsUnchanged() => Assert.False(Track(claims =>
    {
        claims.Set("role", "admin");
        claims.Set("level", 3);
        claims.Set("tags", new JsonArray("a", "b"));
    }));

    [Fact]
    public void Tracking_SetDifferentValue_IsChanged() => Assert.True(Track(claims => claims.Set("role", "user")));

    [Fact]
    public void Tracking_SetSameDigitsOtherNumberText_IsChanged() => Assert.True(Track(claims => claims.Set("level", JsonNode.Parse("3.0"))));

    [Fact]
    public void Tracking_SetNewClaim_IsChanged() => Assert.True(Track(claims => claims.Set("team", "blue")));

    [Fact]
    public void Tracking_RemoveExistingClaim_IsChanged() => Assert.True(Track(claims => claims.Set("role", null)));

    [Fact]
    public void Tracking_RemoveExplicitNullClaim_IsChanged() => Assert.True(Track(claims => claims.Set("nothing", null)));

    [Fact]
    public void Tracking_RemoveMissingClaim_IsUnchanged() => Assert.False(Track(claims => claims.Set("missing", null)));

    [Fact]
    public void Tracking_SetExplicitNullToString_IsChanged() => Assert.True(Track(claims => claims.Set("nothing", "x")));

    [Fact]
    public void Tracking_CustomChangedInPlace_IsChanged() => Assert.True(Track(claims => claims.Custom!["role"] = "user"));

    [Fact]
    public void Tracking_CustomHandedOutButUnchanged_IsUnchanged() => Assert.False(Track(claims => _ = claims.Custom!.Count));

    [Fact]
    public void Tracking_CustomReplacedWithEqualObject_IsUnchanged() =>
        Assert.False(Track(claims => claims.Custom = JsonNode.Parse(claims.Custom!.ToJsonString())!.AsObject()));

    [Fact]
    public void Tracking_CustomReplacedWithOtherObject_IsChanged() => Assert.True(Track(claims => claims.Custom = new JsonObject { ["role"] = "admin" }));

    [Fact]
    public void Tracking_NestedNodeFromGetChangedInPlace_IsChanged() => Assert.True(Track(claims => claims.Get("tags")!.AsArray().Add("c")));

    [Fact]
    public void Tracking_ParentOfValueFromGetChanged_IsChanged() => Assert.True(Track(claims => claims.Get("role")!.Parent!.AsObject().Add("team", "blue")));

    [Fact]
    public void Tracking_CustomClaimNamedLikeStandardClaim_IsNotWrittenSoUnchanged() =>
        Assert.False(Track(claims => claims.Custom!["sub"] = "shadow"));

    [Fact]
    public void Tracking_ChangeAfterEnd_IsNotCounted()
    {
        var claims = Sample();
        claims.BeginTracking();
        var custom = claims.Custom!;
        Assert.False(claims.EndTracking());

        custom["role"] = "user";
        claims.Name = "Bob";
        claims.BeginTracking();

        Assert.False(claims.EndTracking());
    }

    [Fact]
    public void Tracking_NotStarted_SettersWork()
    {
        var claims = Sample();
        claims.Name = "Bob";
        claims.Set("role", "user");

        Assert.Equal("Bob", claims.Name);
        Assert.Equal("user", claims.GetString("role"));
    }

    [Fact]
    public void Tracking_ChangedThenRestored_IsChanged() =>
        // a value changed and changed back is still reported: re-encrypting an unchanged token is harmless, missing a change is not
        Assert.True(Track(claims =>
        {
            claims.Name = "Bob";
            claims.Name = "Alice";
        }));

    /// <summary>Runs <paramref name="callback"/> on a decoded-like token between BeginTracking and EndTracking, and checks the answer against JSON comparison.</summary>
    private static bool Track(Action<JwtClaims> callback)
    {
        var claims = Sample();
        var before = Json(claims);
        claims.BeginTracking();
        callback(claims);
        var changed = claims.EndTracking();
        // the tracked answer agrees with comparing the serialized token, except where it may only err on the side of "changed"
        if (!changed)
        {
            Assert.Equal(before, Json(claims));
        }

        return changed;
    }

    private static string Json(JwtClaims claims) =>
        System.Text.Json.JsonSerializer.Serialize(claims, Sesame.Jwt.JwtJsonContext.Default.JwtClaims);

    private static JwtClaims Sample() =>
        System.Text.Json.JsonSerializer.Deserialize(
            """{"sub":"u1","name":"Alice","email":"alice@example.com","iat":1700000000,"exp":1800000000,"jti":"j","role":"admin","level":3,"tags":["a","b"],"nothing":null}""",
            Sesame.Jwt.JwtJsonContext.Default.JwtClaims)!;
}
