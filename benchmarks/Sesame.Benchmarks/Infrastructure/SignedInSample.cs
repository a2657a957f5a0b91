using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Sesame.Sample;

namespace Sesame.Benchmarks.Infrastructure;

/// <summary>
/// The sample, in process, configured as the load test runs it (plus <c>extra</c> settings: a strategy, a Redis), with
/// <c>sessions</c> users of its own each signed in through its credentials form: every browser has its own session and
/// CSRF cookie, exactly as the sample issues them. Fails loudly rather than measure a signed-out request.
/// </summary>
internal static class SignedInSample
{
    public const string Secret = "bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q=";
    private const string Password = "demo-password";

    public static async Task<(WebApplication App, BenchmarkClient Client, string[] Cookies)> StartAsync(int sessions, IReadOnlyDictionary<string, string?> extra)
    {
        var server = new InProcessServer();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // MVC finds the sample's controllers and Razor Pages through the application name.
            ApplicationName = typeof(SampleApp).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?>
        {
            // what the load test sets, and the sample's appsettings.json
            ["AUTH_SECRET"] = Secret,
            ["AUTH_URL"] = "http://localhost:3000",
            ["DEMO_PASSWORD"] = Password,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            // the set-up's thousands of sign-ins would log a line each; a session read logs nothing at Information
            ["Logging:LogLevel:Sesame"] = "Warning",
            ["AllowedHosts"] = "*",
        };
        // after the sample's own demo, admin and mfa (entries 0 to 2 of its appsettings.json, copied to this output)
        for (var i = 0; i < sessions; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var entry = $"DemoUsers:{(i + 3).ToString(CultureInfo.InvariantCulture)}:";
            settings[entry + "Username"] = "user" + n;
            settings[entry + "Id"] = (1000 + i).ToString(CultureInfo.InvariantCulture);
            settings[entry + "Name"] = "User " + n;
            settings[entry + "Email"] = $"u{n}@example.com";
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseServer(server);
        var app = await SampleApp.BuildAsync(builder);
        await app.StartAsync();
        var client = new BenchmarkClient(server, "localhost:3000");

        var cookies = new string[sessions];
        for (var i = 0; i < sessions; i++)
        {
            var jar = await client.SignInAsync("/api/auth", "user" + i.ToString(CultureInfo.InvariantCulture), Password);
            cookies[i] = jar.Header();

            // Fail loudly rather than measure a signed-out request, or one that mints a new CSRF cookie.
            var session = await client.ExchangeAsync("GET", "/api/auth/session", cookies[i]);
            if (session.Status != StatusCodes.Status200OK || !session.Body.Contains($"\"u{i}@example.com\"", StringComparison.Ordinal) ||
                session.SetCookies.Count != 0)
            {
                throw new InvalidOperationException(
                    $"GET /api/auth/session for user {i} answered {session.Status} {session.Body} and set {session.SetCookies.Count} cookies.");
            }
        }

        if (cookies.Distinct(StringComparer.Ordinal).Count() != sessions)
        {
            throw new InvalidOperationException("The sign-ins did not give distinct cookies.");
        }

        Console.WriteLine($"// {sessions} distinct sessions signed in; Cookie header {cookies[0].Length} characters");
        return (app, client, cookies);
    }
}
