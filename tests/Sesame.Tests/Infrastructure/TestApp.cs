using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sesame.Providers;
using Sesame.Providers.Credentials;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.Tests.Infrastructure;

/// <summary>A real Kestrel server on a free loopback port hosting Sesame with test users, driven by a fake clock.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    public const string Secret = "Zq0vJ3xWb8Lr5Tn2Ky7Hc4Md9Pf6Sg1Ua0Ie3Ow8Rl5=";
    public const string Origin = "http://localhost:3000";

    private readonly WebApplication _app;

    private TestApp(WebApplication app, FakeTimeProvider time, Uri address)
    {
        _app = app;
        Time = time;
        Address = address;
    }

    public FakeTimeProvider Time { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public SesameTestClient CreateClient(string basePath = "/api/auth") => new(Address, basePath);

    public static async Task<TestApp> StartAsync(Action<SesameOptions>? configure = null, Action<SesameBuilder>? extend = null, Action<WebApplication>? map = null, Func<IServiceProvider, Task>? initialize = null, Action<Sesame.Endpoints.SesameEndpointsBuilder>? endpoints = null, string? environment = null)
    {
        // Production unless asked: the strict start-up checks (a weak secret is refused there) apply to every test app.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment ?? "Production" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        var sesame = builder.Services.AddSesame(options =>
        {
            options.Secrets.Add(Secret);
            options.Url = new Uri(Origin);
            configure?.Invoke(options);
        });
        sesame.AddCredentials(provider =>
        {
            provider.Fields.Add(new CredentialField("username", "Username"));
            provider.Fields.Add(new CredentialField("password", "Password", "password"));
            provider.Authorize = context => Task.FromResult(TestUsers.Authorize(context["username"], context["password"]));
        });
        extend?.Invoke(sesame);

        var app = builder.Build();
        var sesameEndpoints = app.MapSesame();
        endpoints?.Invoke(sesameEndpoints);
        app.MapGet("/api/me", async (HttpContext http) => await http.GetSessionAsync() is { } session ? Results.Json(session) : Results.Json(new { error = "Unauthorized" }, statusCode: 401));
        map?.Invoke(app);
        if (initialize is not null)
        {
            await initialize(app.Services);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, time, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The users the test app's credentials provider accepts.</summary>
internal static class TestUsers
{
    public const string Password = "pw";

    public static readonly SesameUser Alice = new() { Id = "u1", Name = "Alice", Email = "alice@example.com", Image = "https://example.com/a.png" };

    public static readonly SesameUser Admin = new()
    {
        Id = "u2", Name = "Admin", Email = "admin@example.com", Properties = new Dictionary<string, string?> { ["role"] = "admin" },
    };

    public static SesameUser? Authorize(string? username, string? password) =>
        password != Password ? null : username switch
        {
            "alice" => Alice,
            "admin" => Admin,
            "boom" => throw new CredentialsSignInException("Custom Boom"),
            "crash" => throw new InvalidOperationException("database password is hunter2"),
            _ => null,
        };

    public static KeyValuePair<string, string>[] Form(string username, string password = Password) =>
        [new("username", username), new("password", password)];
}
