using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sesame.Jwt;

namespace Sesame.Blazor.Tests;

/// <summary>
/// A circuit's revalidation against the real Sesame services (JWT strategy, the real token codec): what keeps a circuit
/// signed in and what signs it out. The browser test (tests/Sesame.Tests/Browser/BlazorBrowserTests) shows the same
/// end to end with database sessions and a revocation.
/// </summary>
public sealed class SesameAuthenticationStateProviderTests
{
    private const string Secret = "IF692Nz4skheBNe4LBzqdYB+xm5BurIDh09is4DpAAI=";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private bool _userActive = true;

    [Fact]
    public async Task Revalidation_LiveSessionOfTheSameUser_KeepsTheCircuitSignedIn()
    {
        await using var app = Build();
        var provider = ProviderFor(app, CookieFor(app, "1"));

        Assert.True(await provider.IsStillValidAsync(User("1"), CancellationToken.None));
    }

    [Fact]
    public async Task Revalidation_AfterTheSessionExpired_SignsTheCircuitOut()
    {
        await using var app = Build();
        var provider = ProviderFor(app, CookieFor(app, "1"));

        _time.Advance(TimeSpan.FromHours(2)); // MaxAge is one hour here

        Assert.False(await provider.IsStillValidAsync(User("1"), CancellationToken.None));
    }

    [Fact]
    public async Task Revalidation_ATokenOfAnotherUser_SignsTheCircuitOut()
    {
        await using var app = Build();
        var provider = ProviderFor(app, CookieFor(app, "2"));

        Assert.False(await provider.IsStillValidAsync(User("1"), CancellationToken.None));
    }

    [Fact]
    public async Task Revalidation_AForgedCookie_SignsTheCircuitOut()
    {
        await using var app = Build();
        var provider = ProviderFor(app, "next-auth.session-token=not-a-token");

        Assert.False(await provider.IsStillValidAsync(User("1"), CancellationToken.None));
    }

    [Fact]
    public async Task Revalidation_UserNoLongerActive_SignsTheCircuitOut()
    {
        await using var app = Build();
        var provider = ProviderFor(app, CookieFor(app, "1"));

        _userActive = false;

        Assert.False(await provider.IsStillValidAsync(User("1"), CancellationToken.None));
    }

    [Fact]
    public async Task Revalidation_WithoutTheOpeningRequest_SignsTheCircuitOut()
    {
        await using var app = Build();
        var provider = ProviderFor(app, cookie: null);

        Assert.False(await provider.IsStillValidAsync(User("1"), CancellationToken.None));
    }

    [Fact]
    public async Task Revalidation_AnonymousCircuit_StaysAsItIs()
    {
        await using var app = Build();
        var provider = ProviderFor(app, cookie: null);

        Assert.True(await provider.IsStillValidAsync(new ClaimsPrincipal(new ClaimsIdentity()), CancellationToken.None));
    }

    [Fact]
    public async Task AddBlazorAuthenticationState_ReplacesTheFrameworkProvider()
    {
        await using var app = Build();
        using var scope = app.Services.CreateScope();

        Assert.IsType<SesameAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    [Fact]
    public async Task Options_ANonPositiveInterval_FailsAtStartUp()
    {
        await using var app = Build(blazor => blazor.RevalidationInterval = TimeSpan.Zero);

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SesameBlazorOptions>>().Value);
        Assert.Contains("RevalidationInterval must be positive", error.Message, StringComparison.Ordinal);
    }

    private WebApplication Build(Action<SesameBlazorOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddSesame(options =>
            {
                options.Secrets.Add(Secret);
                options.Url = new Uri("http://localhost");
                options.Session.MaxAge = TimeSpan.FromHours(1);
                options.Access.ValidateUser = _ => Task.FromResult(_userActive);
            })
            .AddBlazorAuthenticationState(configure);
        return builder.Build();
    }

    private static string CookieFor(WebApplication app, string userId)
    {
        var codec = app.Services.GetRequiredService<IJwtCodec>();
        var token = codec.Encode(new JwtClaims { Subject = userId, Name = "User " + userId }, TimeSpan.FromHours(1), salt: ""); // next-auth v4 tokens have no salt
        return "next-auth.session-token=" + token;
    }

    // The circuit's services, created while the request that opened it (with cookie) runs.
    private static SesameAuthenticationStateProvider ProviderFor(WebApplication app, string? cookie)
    {
        var accessor = new HttpContextAccessor();
        if (cookie is not null)
        {
            var http = new DefaultHttpContext();
            http.Request.Scheme = "http";
            http.Request.Host = new HostString("localhost");
            http.Request.Headers.Cookie = cookie;
            accessor.HttpContext = http;
        }

        return new SesameAuthenticationStateProvider(
            app.Services.GetRequiredService<IServiceScopeFactory>(),
            accessor,
            app.Services.GetRequiredService<IOptions<SesameBlazorOptions>>(),
            app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
    }

    private static ClaimsPrincipal User(string id) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, "User " + id)], "Sesame"));
}
