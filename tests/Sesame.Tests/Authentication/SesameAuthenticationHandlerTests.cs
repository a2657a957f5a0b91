using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Tests.Access;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Authentication;

public sealed class SesameAuthenticationHandlerTests
{
    [Fact]
    public async Task User_SignedIn_HasStandardClaimsRolesAndCustomFields()
    {
        await using var app = await TestApp.StartAsync(AccessTestApp.WithRoles, map: app => app.MapGet("/whoami", Claims));
        using var client = await AccessTestApp.ClientAsync(app, Who.RightRole);

        var claims = JsonNode.Parse(await client.GetStringAsync("/whoami"))!;

        Assert.Equal("Sesame", claims["type"]!.GetValue<string>());
        Assert.Equal("Admin", claims["name"]!.GetValue<string>());
        Assert.Equal("u2", claims[ClaimTypes.NameIdentifier]!.GetValue<string>());
        Assert.Equal("Admin", claims[ClaimTypes.Name]!.GetValue<string>());
        Assert.Equal("admin@example.com", claims[ClaimTypes.Email]!.GetValue<string>());
        Assert.Equal("admin", claims[ClaimTypes.Role]!.GetValue<string>());
        Assert.Equal("engineering", claims["department"]!.GetValue<string>());
        Assert.True(claims["isAdmin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task User_WithPicture_HasPictureClaimAndNoRole()
    {
        await using var app = await TestApp.StartAsync(AccessTestApp.WithRoles, map: app => app.MapGet("/whoami", Claims));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        var claims = JsonNode.Parse(await client.GetStringAsync("/whoami"))!;

        Assert.Equal("https://example.com/a.png", claims["picture"]!.GetValue<string>());
        Assert.Null(claims[ClaimTypes.Role]);
        Assert.False(claims["isAdmin"]!.GetValue<bool>());
    }

    [Fact]
    public async Task User_RoleOnlyInToken_FallsBackToTheTokenClaim()
    {
        await using var app = await TestApp.StartAsync(options =>
        {
            options.Callbacks.OnJwt = context =>
            {
                if (context.User?.Properties.GetValueOrDefault("role") is { } role)
                {
                    context.Token.Set("role", role);
                }

                return Task.CompletedTask;
            };
        }, map: app => app.MapGet("/whoami", Claims));
        using var client = await AccessTestApp.ClientAsync(app, Who.RightRole);

        var claims = JsonNode.Parse(await client.GetStringAsync("/whoami"))!;

        Assert.Equal("admin", claims[ClaimTypes.Role]!.GetValue<string>());
        // Without a session callback, the id comes from the token's sub.
        Assert.Equal("u2", claims[ClaimTypes.NameIdentifier]!.GetValue<string>());
    }

    [Fact]
    public async Task User_RoleArray_BecomesOneRoleClaimEach()
    {
        await using var app = await TestApp.StartAsync(options =>
        {
            options.Callbacks.OnSession = context =>
            {
                context.Session.User.Set("roles", new JsonArray("editor", "auditor"));
                return Task.CompletedTask;
            };
            options.Access.RoleField = "roles";
        }, map: app => app.MapGet("/roles", (ClaimsPrincipal user) =>
            string.Join(',', user.FindAll(ClaimTypes.Role).Select(c => c.Value)) + "|" + user.IsInRole("auditor")));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        Assert.Equal("editor,auditor|True", await client.GetStringAsync("/roles"));
    }

    [Fact]
    public async Task User_NoSession_IsAnonymous()
    {
        await using var app = await TestApp.StartAsync(map: app => app.MapGet("/anon", (ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? "yes" : "no"));
        using var client = app.CreateClient();

        Assert.Equal("no", await client.GetStringAsync("/anon"));
    }

    [Fact]
    public async Task GetSessionAsync_ManyCallsWithAuthorizeAndClaims_DecodesOnce()
    {
        CountingJwtCodec codec = null!;
        await using var app = await TestApp.StartAsync(AccessTestApp.WithRoles, extend: sesame => codec = AccessTestApp.CountDecodes(sesame), map: app =>
            app.MapGet("/many", [Authorize] async (HttpContext http) =>
            {
                var first = await http.GetSessionAsync();
                var second = await http.GetSessionAsync();
                var typed = await http.GetSessionAsync<TypedSession>();
                var token = await http.GetSessionTokenAsync();
                var again = await http.AuthenticateAsync();
                return $"{ReferenceEquals(first, second)}|{typed!.User.Role}|{token!.Subject}|{again.Principal!.Identity!.Name}|{http.User.Identity!.Name}";
            }));
        using var client = await AccessTestApp.ClientAsync(app, Who.RightRole);
        codec.Reset();

        var body = await client.GetStringAsync("/many");

        Assert.Equal("True|admin|u2|Admin|Admin", body);
        Assert.Equal(1, codec.Decodes);
    }

    [Fact]
    public async Task GetSessionAsync_AnonymousEndpoint_DecodesOnceForMiddlewareAndApp()
    {
        CountingJwtCodec codec = null!;
        await using var app = await TestApp.StartAsync(extend: sesame => codec = AccessTestApp.CountDecodes(sesame), map: app =>
            app.MapGet("/open", [AllowAnonymous] async (HttpContext http) => (await http.GetSessionAsync())?.User.Name + (await http.GetSessionAsync())?.User.Email));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);
        codec.Reset();

        Assert.Equal("Alicealice@example.com", await client.GetStringAsync("/open"));
        Assert.Equal(1, codec.Decodes);
    }

    [Fact]
    public async Task SessionEndpoint_WithCookie_DecodesOnceNotAgainForTheScheme()
    {
        CountingJwtCodec codec = null!;
        await using var app = await TestApp.StartAsync(extend: sesame => codec = AccessTestApp.CountDecodes(sesame));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);
        codec.Reset();

        var session = await client.GetSessionAsync();

        Assert.Equal("Alice", session!["user"]!["name"]!.GetValue<string>());
        Assert.Equal(1, codec.Decodes);
    }

    [Fact]
    public async Task GetSessionAsync_BadCookie_IsNullWithoutThrowingAndClearsTheCookie()
    {
        await using var app = await TestApp.StartAsync(map: app =>
            app.MapGet("/maybe", async (HttpContext http) => await http.GetSessionAsync() is null ? "none" : "some"));
        using var client = app.CreateClient();
        client.SetCookie(AccessTestApp.SessionCookie, "not.a.valid.token.at-all");

        using var response = await client.GetAsync("/maybe");

        Assert.Equal("none", await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(AccessTestApp.SessionCookie)!.MaxAge);
    }

    [Fact]
    public async Task GetSessionAsync_SessionCallbackThrows_IsNullAndTheRequestGoesOn()
    {
        await using var app = await TestApp.StartAsync(options =>
            options.Callbacks.OnSession = _ => throw new InvalidOperationException("database down"), map: app =>
            app.MapGet("/maybe", async (HttpContext http) => await http.GetSessionAsync() is null ? "none" : "some"));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        using var response = await client.GetAsync("/maybe");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("none", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetSessionAsyncTyped_MapsCustomFieldsOntoTheAppsType()
    {
        await using var app = await TestApp.StartAsync(AccessTestApp.WithRoles, map: app =>
            app.MapGet("/typed", async (HttpContext http) => await http.GetSessionAsync<TypedSession>() is { } s
                ? $"{s.User.Id}|{s.User.Name}|{s.User.Role}|{s.User.Department}|{s.Expires.Year}"
                : "none"));
        using var signedIn = await AccessTestApp.ClientAsync(app, Who.RightRole);
        using var anonymous = app.CreateClient();

        Assert.Equal("u2|Admin|admin|engineering|2026", await signedIn.GetStringAsync("/typed"));
        Assert.Equal("none", await anonymous.GetStringAsync("/typed"));
    }

    [Fact]
    public void AddSesame_NoDefaultScheme_MakesSesameTheDefault()
    {
        var options = AuthenticationOptionsAfter(_ => { });

        Assert.Equal(SesameDefaults.AuthenticationScheme, options.DefaultAuthenticateScheme);
        Assert.Equal(SesameDefaults.AuthenticationScheme, options.DefaultChallengeScheme);
        Assert.Equal(SesameDefaults.AuthenticationScheme, options.DefaultForbidScheme);
        Assert.Contains(options.Schemes, scheme => scheme.Name == SesameDefaults.AuthenticationScheme);
    }

    [Fact]
    public void AddSesame_AppChoseItsOwnDefault_KeepsIt()
    {
        var options = AuthenticationOptionsAfter(services => services.AddAuthentication("Other"));

        Assert.Equal("Other", options.DefaultScheme);
        Assert.Null(options.DefaultAuthenticateScheme);
        Assert.Null(options.DefaultChallengeScheme);
        Assert.Null(options.DefaultForbidScheme);
    }

    [Fact]
    public void AddSesame_AppChoseOnlyAChallengeScheme_KeepsItAndAddsNothing()
    {
        var options = AuthenticationOptionsAfter(services => services.AddAuthentication(o => o.DefaultChallengeScheme = "oidc"));

        Assert.Equal("oidc", options.DefaultChallengeScheme);
        Assert.Null(options.DefaultAuthenticateScheme);
    }

    private static AuthenticationOptions AuthenticationOptionsAfter(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        configure(services);
        services.AddSesame(o => o.Secrets.Add("s"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AuthenticationOptions>>().Value;
    }

    private static IResult Claims(ClaimsPrincipal user)
    {
        var json = new JsonObject
        {
            ["type"] = user.Identity?.AuthenticationType,
            ["name"] = user.Identity?.Name,
            ["isAdmin"] = user.IsInRole("admin"),
        };
        foreach (var claim in user.Claims)
        {
            json[claim.Type] = claim.Value;
        }

        return Results.Json(json);
    }

    private sealed class TypedSession
    {
        public TypedUser User { get; set; } = new();

        public DateTimeOffset Expires { get; set; }
    }

    private sealed class TypedUser
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Role { get; set; }

        public string? Department { get; set; }
    }
}
