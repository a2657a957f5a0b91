using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sesame.Providers.OAuth;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The OpenID Connect presets (Google, GitLab, Microsoft Entra ID): provider ids and names as Auth.js has them, issuers,
/// the AUTH_{ID}_* settings, the generic provider's flow settings, and Entra ID's tenant-aware issuer check.
/// </summary>
public sealed class OidcPresetTests
{
    private static async Task<(TestApp App, OpenIdConnectOptions Options)> StartAsync(Action<SesameBuilder> add, string id)
    {
        var app = await TestApp.StartAsync(extend: add);
        return (app, app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("sesame-" + id));
    }

    [Fact]
    public async Task Google_IssuerNameAndFlow()
    {
        var (app, options) = await StartAsync(b => b.AddGoogle(o => (o.ClientId, o.ClientSecret) = ("google-client", "google-secret")), "google");
        await using var _ = app;

        Assert.Equal("https://accounts.google.com", options.Authority);
        Assert.Equal("google-client", options.ClientId);
        Assert.True(options.UsePkce);
        Assert.Equal(OpenIdConnectResponseModeQuery, options.ResponseMode);
        Assert.Equal(["email", "openid", "profile"], options.Scope.Order(StringComparer.Ordinal));
        Assert.Contains("accounts.google.com", options.TokenValidationParameters.ValidIssuers!);
        Assert.Equal("/api/auth/callback/google", options.CallbackPath.Value);

        using var client = app.CreateClient();
        var providers = JsonNode.Parse(await (await client.GetAsync("/api/auth/providers")).Content.ReadAsStringAsync())!;
        Assert.Equal("Google", providers["google"]!["name"]!.GetValue<string>());
        Assert.Equal("oauth", providers["google"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task GitLab_DefaultIssuer_AndSelfManagedFromTheSetting()
    {
        var (app, options) = await StartAsync(b => b.AddGitLab(o => (o.ClientId, o.ClientSecret) = ("id", "secret")), "gitlab");
        await using (app)
        {
            Assert.Equal("https://gitlab.com", options.Authority);
        }

        var (own, ownOptions) = await StartAsync(b => b.AddGitLab(o => (o.Issuer, o.ClientId, o.ClientSecret) = (new Uri("https://gitlab.example.com"), "id", "secret")), "gitlab");
        await using (own)
        {
            Assert.Equal("https://gitlab.example.com", ownOptions.Authority);
        }
    }

    [Fact]
    public async Task MicrosoftEntraId_AuthJsIdAndCommonByDefault_AppHandlerSettingsStillApply()
    {
        var (app, options) = await StartAsync(b => b.AddMicrosoftEntraId(o =>
        {
            (o.ClientId, o.ClientSecret) = ("entra-client", "entra-secret");
            o.ConfigureHandler = handler => handler.Prompt = "select_account";
        }), "microsoft-entra-id");
        await using var _ = app;

        Assert.Equal("https://login.microsoftonline.com/common/v2.0", options.Authority);
        Assert.Equal("select_account", options.Prompt);
        Assert.NotNull(options.TokenValidationParameters.IssuerValidator);
        Assert.Equal("/api/auth/callback/microsoft-entra-id", options.CallbackPath.Value);
    }

    [Fact]
    public async Task Preset_WithoutClientId_StopsStartUpNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await TestApp.StartAsync(extend: b => b.AddGoogle());
            _ = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("sesame-google");
        });

        Assert.Contains("AUTH_GOOGLE_ID", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/{tenantid}/v2.0", "9188040d-6c67-4c5b-b112-36a304b66dad", "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0", true)]
    [InlineData("https://login.microsoftonline.com/{tenantid}/v2.0", "9188040d-6c67-4c5b-b112-36a304b66dad", "https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/{tenantid}/v2.0", null, "https://login.microsoftonline.com/{tenantid}/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0", "9188040d-6c67-4c5b-b112-36a304b66dad", "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0", false)]
    [InlineData("https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0", "00000000-1111-2222-3333-444444444444", "https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0", true)]
    public void EntraIssuer_OnlyTheTokensOwnTenant(string configured, string? tid, string issuer, bool accepted)
    {
        var handler = new JsonWebTokenHandler();
        var claims = new Dictionary<string, object> { ["iss"] = issuer };
        if (tid is not null)
        {
            claims["tid"] = tid;
        }

        var token = new JsonWebToken(handler.CreateToken(new SecurityTokenDescriptor { Claims = claims }));
        var parameters = new TokenValidationParameters { ValidIssuers = [configured] };

        if (accepted)
        {
            Assert.Equal(issuer, OpenIdConnectPresets.ValidateEntraIssuer(issuer, token, parameters));
        }
        else
        {
            Assert.Throws<SecurityTokenInvalidIssuerException>(() => OpenIdConnectPresets.ValidateEntraIssuer(issuer, token, parameters));
        }
    }

    private static string OpenIdConnectResponseModeQuery => Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectResponseMode.Query;
}
