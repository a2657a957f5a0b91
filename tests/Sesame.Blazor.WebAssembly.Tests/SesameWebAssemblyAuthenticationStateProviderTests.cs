using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sesame.Testing;

namespace Sesame.Blazor.WebAssembly.Tests;

/// <summary>
/// The WebAssembly provider against a real Kestrel serving Sesame, over a real HttpClient whose cookie container plays
/// the browser's cookie jar; the revalidation timer runs on a fake clock that the server shares. The browser test
/// (tests/Sesame.Tests/Browser/BlazorWebAssemblyBrowserTests) shows the same end to end in Chromium.
/// </summary>
public sealed class SesameWebAssemblyAuthenticationStateProviderTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(90); // longer than the one-hour session: one tick sees it expired
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CookieContainer _cookies = new();
    private SesameServer _server = null!;

    public async Task InitializeAsync() => _server = await SesameServer.StartAsync(_time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetAuthenticationState_WithoutASession_IsAnonymous()
    {
        using var services = Client();
        var provider = Provider(services);

        var state = await provider.GetAuthenticationStateAsync();

        Assert.False(state.User.Identity?.IsAuthenticated);
        Assert.Null(provider.Session);
    }

    [Fact]
    public async Task GetAuthenticationState_SignedInAsAdmin_IsTheUserWithTheAdminRole()
    {
        await SignInAsync("admin");
        using var services = Client();
        var provider = Provider(services);

        var user = (await provider.GetAuthenticationStateAsync()).User;

        Assert.True(user.Identity?.IsAuthenticated);
        Assert.Equal("Admin User", user.Identity!.Name);
        Assert.Equal("2", user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("admin@example.com", user.FindFirstValue(ClaimTypes.Email));
        Assert.True(user.IsInRole("admin"));
        Assert.Equal(_time.GetUtcNow().AddHours(1), provider.Session?.Expires);
    }

    [Fact]
    public async Task GetAuthenticationState_SignedInAsDemo_HasNoAdminRole()
    {
        await SignInAsync("demo");
        using var services = Client();

        var user = (await Provider(services).GetAuthenticationStateAsync()).User;

        Assert.Equal("Demo User", user.Identity?.Name);
        Assert.False(user.IsInRole("admin"));
    }

    [Fact]
    public async Task Revalidation_SignedOutElsewhere_NotifiesThatTheUserIsSignedOut()
    {
        await SignInAsync("admin");
        using var services = Client();
        var provider = Provider(services);
        await provider.GetAuthenticationStateAsync();
        var changed = NextChange(provider);

        // another tab signed out: the browser no longer has the session cookie
        foreach (Cookie cookie in _cookies.GetAllCookies())
        {
            cookie.Expired = true;
        }

        _time.Advance(Interval);

        Assert.False((await changed.WaitAsync(TimeSpan.FromSeconds(10))).User.Identity?.IsAuthenticated);
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
        Assert.Null(provider.Session);
    }

    [Fact]
    public async Task Revalidation_SessionExpiredOnTheServer_NotifiesThatTheUserIsSignedOut()
    {
        await SignInAsync("admin");
        using var services = Client();
        var provider = Provider(services);
        await provider.GetAuthenticationStateAsync();
        var changed = NextChange(provider);

        _time.Advance(Interval); // past the session's one hour, unused

        Assert.False((await changed.WaitAsync(TimeSpan.FromSeconds(10))).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task Refresh_NothingChanged_NotifiesNoOne()
    {
        await SignInAsync("admin");
        using var services = Client();
        var provider = Provider(services);
        await provider.GetAuthenticationStateAsync();
        var notifications = 0;
        provider.AuthenticationStateChanged += _ => notifications++;

        await provider.RefreshAsync();
        await provider.RefreshAsync();

        Assert.Equal(0, notifications);
        Assert.True((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task Refresh_ServerAnswers503_KeepsTheLastState()
    {
        await SignInAsync("admin");
        using var services = Client();
        var provider = Provider(services);
        await provider.GetAuthenticationStateAsync();
        var notifications = 0;
        provider.AuthenticationStateChanged += _ => notifications++;

        _server.Unavailable = true;
        await provider.RefreshAsync();

        Assert.Equal(0, notifications);
        Assert.Equal("Admin User", (await provider.GetAuthenticationStateAsync()).User.Identity?.Name);
    }

    [Fact]
    public async Task Refresh_ServerUnreachable_KeepsTheLastState()
    {
        await SignInAsync("admin");
        using var services = Client();
        var provider = Provider(services);
        await provider.GetAuthenticationStateAsync();
        var notifications = 0;
        provider.AuthenticationStateChanged += _ => notifications++;

        await _server.StopAsync(); // offline: the connection is refused
        await provider.RefreshAsync();

        Assert.Equal(0, notifications);
        Assert.True((await provider.GetAuthenticationStateAsync()).User.IsInRole("admin"));
        Assert.NotNull(provider.Session);
    }

    [Fact]
    public async Task Revalidation_ServerUnreachablePastTheSessionsExpiry_SignsOut()
    {
        await SignInAsync("admin");
        using var services = Client();
        var provider = Provider(services);
        await provider.GetAuthenticationStateAsync();
        var changed = NextChange(provider);

        await _server.StopAsync();
        _time.Advance(Interval); // the last session said it expires in one hour; whatever the server would say, it is over

        Assert.False((await changed.WaitAsync(TimeSpan.FromSeconds(10))).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task Refresh_SignedInAfterTheFirstRead_NotifiesTheUser()
    {
        using var services = Client();
        var provider = Provider(services);
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
        var changed = NextChange(provider);

        await SignInAsync("demo");
        await provider.RefreshAsync();

        Assert.Equal("Demo User", (await changed.WaitAsync(TimeSpan.FromSeconds(10))).User.Identity?.Name);
    }

    [Fact]
    public void AddSesameWebAssembly_ReplacesAnEarlierProvider()
    {
        var services = new ServiceCollection();
        services.AddScoped<AuthenticationStateProvider, AnonymousProvider>();
        services.AddLogging();
        services.AddSingleton<NavigationManager>(new TestNavigation(new Uri("http://127.0.0.1/")));
        services.AddSesameWebAssembly();
        using var built = services.BuildServiceProvider();
        using var scope = built.CreateScope();

        Assert.IsType<SesameWebAssemblyAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        Assert.Same(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>(), scope.ServiceProvider.GetRequiredService<SesameWebAssemblyAuthenticationStateProvider>());
    }

    [Theory]
    [InlineData("https://elsewhere.example/api/auth", "BasePath")]
    [InlineData("//elsewhere.example/api/auth", "BasePath")]
    [InlineData("api/auth", "BasePath")]
    public void Options_ABasePathOffTheOrigin_Fails(string basePath, string named)
    {
        var services = new ServiceCollection();
        services.AddSesameWebAssembly(options => options.BasePath = basePath);
        using var built = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => built.GetRequiredService<IOptions<SesameWebAssemblyOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ANonPositiveInterval_Fails()
    {
        var services = new ServiceCollection();
        services.AddSesameWebAssembly(options => options.RevalidationInterval = TimeSpan.Zero);
        using var built = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => built.GetRequiredService<IOptions<SesameWebAssemblyOptions>>().Value);
        Assert.Contains("RevalidationInterval must be positive", error.Message, StringComparison.Ordinal);
    }

    // Sesame's credentials sign-in over HTTP (CSRF token and all); the session cookie then goes into the "browser's" jar.
    private async Task SignInAsync(string username)
    {
        using var client = new SesameTestClient(_server.Address);
        using var response = await client.SignInWithCredentialsAsync([new("username", username), new("password", "x")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var (name, value) in client.Cookies)
        {
            _cookies.Add(new Cookie(name, value, "/", _server.Address.Host));
        }
    }

    // The WebAssembly app's services, as its Program registers them, but with this test's clock and cookie jar.
    private ServiceProvider Client()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<NavigationManager>(new TestNavigation(_server.Address));
        services.AddSesameWebAssembly(options => options.RevalidationInterval = Interval);
        services.AddHttpClient(SesameWebAssemblyDefaults.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { CookieContainer = _cookies });
        return services.BuildServiceProvider();
    }

    private static SesameWebAssemblyAuthenticationStateProvider Provider(ServiceProvider services) =>
        services.GetRequiredService<SesameWebAssemblyAuthenticationStateProvider>();

    private static Task<AuthenticationState> NextChange(AuthenticationStateProvider provider)
    {
        var next = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => next.TrySetResult(await state);
        return next.Task;
    }

    private sealed class TestNavigation : NavigationManager
    {
        public TestNavigation(Uri baseUri) => Initialize(baseUri.ToString(), baseUri.ToString());

        protected override void NavigateToCore(string uri, NavigationOptions options) => throw new NotSupportedException();
    }

    private sealed class AnonymousProvider : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(new ClaimsPrincipal()));
    }
}
