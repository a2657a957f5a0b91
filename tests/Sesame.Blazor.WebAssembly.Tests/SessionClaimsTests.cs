using System.Security.Claims;
using System.Text.Json;

namespace Sesame.Blazor.WebAssembly.Tests;

/// <summary>The session JSON of next-auth's GET /session, as the client reads it and turns it into claims.</summary>
public sealed class SessionClaimsTests
{
    [Fact]
    public void ToPrincipal_ASessionWithCustomFields_MapsThemAsTheServerSchemeDoes()
    {
        var session = Parse("""
            {
              "user": { "id": "2", "name": "Admin User", "email": "admin@example.com", "image": "https://example.com/a.png",
                        "role": ["admin", "auditor"], "department": "Engineering", "level": 3, "verified": true,
                        "address": { "city": "Oslo" }, "nothing": null },
              "expires": "2026-01-31T00:00:00.000Z",
              "accessTokenExpires": 1767225600
            }
            """);

        var user = SessionClaims.ToPrincipal(session, "role");

        Assert.True(user.Identity?.IsAuthenticated);
        Assert.Equal("Sesame", user.Identity!.AuthenticationType);
        Assert.Equal("Admin User", user.Identity.Name);
        Assert.Equal("2", user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("admin@example.com", user.FindFirstValue(ClaimTypes.Email));
        Assert.Equal("https://example.com/a.png", user.FindFirstValue("picture"));
        Assert.True(user.IsInRole("admin"));
        Assert.True(user.IsInRole("auditor"));
        Assert.Equal("Engineering", user.FindFirstValue("department"));
        Assert.Equal("3", user.FindFirstValue("level"));
        Assert.Equal("true", user.FindFirstValue("verified"));
        Assert.Null(user.FindFirst("address")); // only scalars become claims, as on the server
        Assert.Null(user.FindFirst("nothing"));
        Assert.Null(user.FindFirst("role"));
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero), session!.Expires);
        Assert.Equal(1767225600, session.Extra!["accessTokenExpires"].GetInt64());
    }

    [Fact]
    public void ToPrincipal_ASingleRoleString_IsOneRoleClaim()
    {
        var user = SessionClaims.ToPrincipal(Parse("""{ "user": { "name": "A", "role": "admin" }, "expires": "2026-01-31T00:00:00.000Z" }"""), "role");

        Assert.Equal(["admin"], user.FindAll(ClaimTypes.Role).Select(claim => claim.Value));
    }

    [Fact]
    public void ToPrincipal_AnotherRoleField_ReadsThatField()
    {
        var user = SessionClaims.ToPrincipal(Parse("""{ "user": { "name": "A", "role": "ignored", "groups": ["ops"] } }"""), "groups");

        Assert.True(user.IsInRole("ops"));
        Assert.False(user.IsInRole("ignored"));
        Assert.Equal("ignored", user.FindFirstValue("role"));
    }

    [Fact]
    public void ToPrincipal_NextAuthsEmptySession_IsAnonymous()
    {
        Assert.False(SessionClaims.ToPrincipal(Parse("{}"), "role").Identity?.IsAuthenticated);
        Assert.False(SessionClaims.ToPrincipal(null, "role").Identity?.IsAuthenticated);
    }

    [Fact]
    public void Same_TheSameSessionReadTwice_IsTheSame_AndAnotherRoleIsNot()
    {
        const string Json = """{ "user": { "id": "1", "name": "A", "role": "admin", "b": 1, "a": 2 } }""";

        Assert.True(SessionClaims.Same(SessionClaims.ToPrincipal(Parse(Json), "role"), SessionClaims.ToPrincipal(Parse(Json), "role")));
        Assert.False(SessionClaims.Same(SessionClaims.ToPrincipal(Parse(Json), "role"), SessionClaims.ToPrincipal(Parse(Json.Replace("admin", "user", StringComparison.Ordinal)), "role")));
        Assert.True(SessionClaims.Same(SessionClaims.Anonymous, SessionClaims.ToPrincipal(Parse("{}"), "role")));
    }

    private static SesameSession? Parse(string json) => JsonSerializer.Deserialize(json, SessionJsonContext.Default.SesameSession);
}
