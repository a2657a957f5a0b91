using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Providers.Email;
using Sesame.Sessions;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Email;

/// <summary>
/// A test app with the e-mail provider sending to a real SMTP server, its tokens (and, with database sessions, its
/// users and sessions) in a SQLite file of its own.
/// </summary>
internal sealed class EmailApp : IAsyncDisposable
{
    public const string From = "Sesame <no-reply@example.com>";

    private EmailApp(TestApp app, string path)
    {
        App = app;
        DatabasePath = path;
    }

    public TestApp App { get; }

    public string DatabasePath { get; }

    public static async Task<EmailApp> StartAsync(
        SmtpTestServer smtp,
        SessionStrategy strategy = SessionStrategy.Jwt,
        Action<EmailProviderOptions>? email = null,
        Action<SesameOptions>? configure = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sesame-email-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path};Pooling=False";
        var app = await TestApp.StartAsync(
            options =>
            {
                options.Session.Strategy = strategy;
                configure?.Invoke(options);
            },
            sesame =>
            {
                sesame.Services.AddDbContext<SesameDbContext>(o => o.UseSqlite(connectionString));
                if (strategy == SessionStrategy.Database)
                {
                    sesame.AddEntityFrameworkCoreStores<SesameDbContext>();
                }
                else
                {
                    sesame.AddEntityFrameworkCoreVerificationTokenStore<SesameDbContext>();
                }

                sesame.AddEmail(o =>
                {
                    o.Server = smtp.Url;
                    o.From = From;
                    email?.Invoke(o);
                });
            },
            initialize: async services =>
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
            });
        return new EmailApp(app, path);
    }

    public SesameTestClient CreateClient() => App.CreateClient();

    /// <summary>How many verification tokens the database holds.</summary>
    public Task<int> TokenCountAsync() => QueryAsync(db => db.VerificationTokens.CountAsync());

    /// <summary>How many session rows the database holds.</summary>
    public Task<int> SessionCountAsync() => QueryAsync(db => db.Sessions.CountAsync());

    public async Task<T> QueryAsync<T>(Func<SesameDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SesameDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(DatabasePath);
    }
}

/// <summary>What the tests do as a browser: ask for a link, follow one.</summary>
internal static class EmailClient
{
    public static async Task<HttpResponseMessage> RequestLinkAsync(this SesameTestClient client, string email, string? callbackUrl = null, bool json = false, string providerId = "email")
    {
        var csrf = await client.GetCsrfTokenAsync();
        var fields = new List<KeyValuePair<string, string>> { new("csrfToken", csrf), new("email", email) };
        if (callbackUrl is not null)
        {
            fields.Add(new("callbackUrl", callbackUrl));
        }

        if (json)
        {
            fields.Add(new("json", "true"));
        }

        return await client.PostFormAsync($"/api/auth/signin/{providerId}", fields);
    }

    /// <summary>Follows a link from a message: its path and query, sent to the app wherever it listens.</summary>
    public static Task<HttpResponseMessage> FollowAsync(this SesameTestClient client, Uri link, HttpMethod? method = null) =>
        client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Get, link.PathAndQuery));
}
