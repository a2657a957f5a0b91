using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Providers.Credentials;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Security;

/// <summary>
/// Every misconfiguration stops the app at start-up with one message that says what to change (issue 16: start-up
/// errors that teach). Each test starts a real host and reads the message the developer would see.
/// </summary>
public sealed class StartupErrorsTests
{
    [Fact]
    public async Task NoSecret_SaysToSetAuthSecretAndHowToMakeOne()
    {
        var message = await StartupFailureAsync(o => o.Secrets.Clear());

        Assert.Contains("AUTH_SECRET", message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShortSecret_SaysItIsTooWeak()
    {
        var message = await StartupFailureAsync(o =>
        {
            o.Secrets.Clear();
            o.Secrets.Add("short-secret");
        });

        Assert.Contains("too weak", message, StringComparison.Ordinal);
        Assert.Contains("32 random bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPublicUrl_SaysToSetAuthUrlOrTrustHost()
    {
        var message = await StartupFailureAsync(o => o.Url = null);

        Assert.Contains("AUTH_URL", message, StringComparison.Ordinal);
        Assert.Contains("TrustHost", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseStrategyWithoutStores_SaysWhichStoresToAdd()
    {
        var message = await StartupFailureAsync(o => o.Session.Strategy = Sesame.Sessions.SessionStrategy.Database);

        Assert.Contains("AddEntityFrameworkCoreStores", message, StringComparison.Ordinal);
        Assert.Contains("JWT strategy", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HttpsUrlWithCookiesNotSecure_SaysTheCookieWouldTravelOverHttp(bool throughUseSecureCookies)
    {
        var message = await StartupFailureAsync(o =>
        {
            o.Url = new Uri("https://app.example.com");
            if (throughUseSecureCookies)
            {
                o.UseSecureCookies = false;
            }
            else
            {
                o.Cookies.SessionToken.Secure = false;
            }
        });

        Assert.Contains("is https but the session cookie is set not Secure", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsUrlWithDefaultCookies_Starts()
    {
        await using var app = await TestApp.StartAsync(o => o.Url = new Uri("https://app.example.com"));
        Assert.NotNull(app.Address);
    }

    [Fact]
    public async Task TwoProvidersWithOneId_SaysToGiveEachItsOwn()
    {
        var message = await StartupFailureAsync(extend: sesame => sesame.AddCredentials(p => p.Authorize = _ => Task.FromResult<Sesame.Stores.SesameUser?>(null)));

        Assert.Contains("Two providers have the id 'credentials'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsWithoutAuthorize_SaysToSetIt()
    {
        var message = await StartupFailureAsync(extend: sesame => sesame.AddCredentials(p => p.Id = "password"));

        Assert.Contains("has no Authorize delegate", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenIdConnectWithoutClientId_SaysWhichSettingOrVariable()
    {
        var message = await StartupFailureAsync(extend: sesame => sesame.AddOpenIdConnect("corp", o => o.Issuer = new Uri("https://login.example.com")));

        Assert.Contains("'corp' has no client id", message, StringComparison.Ordinal);
        Assert.Contains("AUTH_CORP_ID", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenIdConnectWithoutIssuer_SaysWhichSettingOrVariable()
    {
        var message = await StartupFailureAsync(extend: sesame => sesame.AddOpenIdConnect("corp", o => o.ClientId = "client"));

        Assert.Contains("AUTH_CORP_ISSUER", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHubWithoutSecret_SaysWhichSettingOrVariable()
    {
        var message = await StartupFailureAsync(extend: sesame => sesame.AddGitHub(o => o.ClientId = "client"));

        Assert.Contains("AUTH_GITHUB_SECRET", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasePathNotAPath_SaysItMustStartWithSlash()
    {
        var message = await StartupFailureAsync(o => o.BasePath = "api/auth");

        Assert.Contains("BasePath must be a path starting with '/'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicUrlPathOtherThanBasePath_SaysToMakeThemTheSameOrSetOne()
    {
        var message = await StartupFailureAsync(o =>
        {
            o.Url = new Uri("https://app.example.com/auth");
            o.BasePath = "/api/auth";
        });

        Assert.Contains("The public URL's path '/auth' (AUTH_URL / SesameOptions.Url) is not SesameOptions.BasePath '/api/auth'", message, StringComparison.Ordinal);
        Assert.Contains("AUTH_URL without a path (https://app.example.com) with BasePath", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicUrlPathSameAsBasePath_Starts()
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Url = new Uri("http://localhost/custom/auth/");
            o.BasePath = "/custom/auth";
        });
        Assert.NotNull(app.Address);
    }

    [Fact]
    public async Task OpenIdConnectCallbackPathMovedOutsideBasePath_SaysWhereSesameHandlesIt()
    {
        var message = await StartupFailureAsync(extend: sesame =>
        {
            sesame.AddOpenIdConnect("corp", o =>
            {
                o.Issuer = new Uri("https://login.example.com");
                o.ClientId = "client";
                o.ClientSecret = "secret";
            });
            // the app's own configuration of the handler, after Sesame's, as ASP.NET Core's samples show it
            sesame.Services.PostConfigure<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>("sesame-corp", o => o.CallbackPath = "/signin-oidc");
        });

        Assert.Contains("The callback path of provider 'corp' is '/signin-oidc', outside Sesame's base path: Sesame handles the identity provider's answer at '/api/auth/callback/corp'", message, StringComparison.Ordinal);
        Assert.Contains("Remove the code that sets CallbackPath on the 'sesame-corp' scheme's options", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHubCallbackPathMovedToAnotherProvidersPath_SaysWhereSesameHandlesIt()
    {
        var message = await StartupFailureAsync(
            o => o.BasePath = "/auth",
            sesame =>
            {
                sesame.AddGitHub(o =>
                {
                    o.ClientId = "client";
                    o.ClientSecret = "secret";
                });
                sesame.Services.Configure<Sesame.Providers.OAuth.GitHubOAuthOptions>("sesame-github", o => o.CallbackPath = "/auth/callback/gh");
            });

        Assert.Contains("The callback path of provider 'github' is '/auth/callback/gh'", message, StringComparison.Ordinal);
        Assert.Contains("at '/auth/callback/github' (SesameOptions.BasePath '/auth' + /callback/github)", message, StringComparison.Ordinal);
    }

    private static async Task<string> StartupFailureAsync(Action<SesameOptions>? configure = null, Action<SesameBuilder>? extend = null)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(configure, extend));
        // one message per problem, each actionable: no stack trace or type name noise in what the developer reads
        Assert.DoesNotContain("   at ", failure.Message, StringComparison.Ordinal);
        return failure.Message;
    }
}
