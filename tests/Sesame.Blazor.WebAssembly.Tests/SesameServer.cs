using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Stores;

namespace Sesame.Blazor.WebAssembly.Tests;

/// <summary>
/// A real Kestrel on 127.0.0.1 serving Sesame (credentials sign-in, JWT sessions of one hour, the sample's session
/// callback shape: user.id and user.role), on the test's clock; it can be told to answer 503, as a failing proxy would.
/// </summary>
internal sealed class SesameServer : IAsyncDisposable
{
    private const string Secret = "IF692Nz4skheBNe4LBzqdYB+xm5BurIDh09is4DpAAI=";
    private readonly WebApplication _app;
    private bool _stopped;

    private SesameServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public bool Unavailable { get; set; }

    public static async Task<SesameServer> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(time);
        builder.Services.AddSesame(options =>
            {
                options.Secrets.Add(Secret);
                options.TrustHost = true; // the port is chosen at start-up
                options.Session.MaxAge = TimeSpan.FromHours(1);
                options.Callbacks.OnJwt = context =>
                {
                    if (context.User is { } user && user.Properties.TryGetValue("role", out var role))
                    {
                        context.Token.Set("role", role);
                    }

                    return Task.CompletedTask;
                };
                options.Callbacks.OnSession = context =>
                {
                    if (context.Token is { } token)
                    {
                        context.Session.User.Id = token.Subject;
                        if (token.GetString("role") is { } role)
                        {
                            context.Session.User.Set("role", JsonValue.Create(role));
                        }
                    }

                    return Task.CompletedTask;
                };
            })
            .AddCredentials(provider => provider.Authorize = context => Task.FromResult(context["username"] switch
            {
                "admin" => new SesameUser { Id = "2", Name = "Admin User", Email = "admin@example.com", Properties = new Dictionary<string, string?> { ["role"] = "admin" } },
                "demo" => new SesameUser { Id = "1", Name = "Demo User", Email = "demo@example.com" },
                _ => null,
            }));
        var app = builder.Build();
        SesameServer? server = null;
        app.Use(async (http, next) =>
        {
            if (server?.Unavailable == true)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next(http);
        });
        app.MapSesame();
        await app.StartAsync();
        server = new SesameServer(app, new Uri(app.Urls.First()));
        return server;
    }

    /// <summary>Stops answering at all: the port refuses connections, as when offline.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
    }
}
