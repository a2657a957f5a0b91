using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

/// <summary>A test app on the database strategy over a real SQLite file of its own.</summary>
internal sealed class DatabaseApp : IAsyncDisposable
{
    private DatabaseApp(TestApp app, string path)
    {
        App = app;
        DatabasePath = path;
    }

    public TestApp App { get; }

    public string DatabasePath { get; }

    public static async Task<DatabaseApp> StartAsync(Action<SesameOptions>? configure = null, Action<Microsoft.AspNetCore.Builder.WebApplication>? map = null, Action<SesameBuilder>? extend = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sesame-test-{Guid.NewGuid():N}.db");
        // Mode=ReadWrite: once the file is gone the store cannot open it, which is how these tests take the database down.
        var connectionString = $"Data Source={path};Mode=ReadWrite;Pooling=False";
        await using (var create = new SqliteConnection($"Data Source={path}"))
        {
            await create.OpenAsync();
        }

        var app = await TestApp.StartAsync(
            options =>
            {
                options.Session.Strategy = SessionStrategy.Database;
                configure?.Invoke(options);
            },
            sesame =>
            {
                sesame.Services.AddDbContext<SesameDbContext>(o => o.UseSqlite(connectionString));
                sesame.AddEntityFrameworkCoreStores<SesameDbContext>();
                extend?.Invoke(sesame);
            },
            map: map,
            initialize: async services =>
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
            });
        return new DatabaseApp(app, path);
    }

    /// <summary>Runs <paramref name="work"/> against the database directly, outside the app's requests.</summary>
    public async Task<T> QueryAsync<T>(Func<SesameDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SesameDbContext>());
    }

    public async Task<TResult> WithManagerAsync<TResult>(Func<SesameSessionManager, Task<TResult>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SesameSessionManager>());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(DatabasePath);
    }
}
