using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sesame.EntityFrameworkCore;

namespace Sesame.Sample;

/// <summary>
/// The database strategy's storage: a SQLite file next to the app with no set-up, PostgreSQL when
/// <c>Sesame:Database:Provider</c> is <c>postgresql</c> and <c>ConnectionStrings:Sesame</c> points at a server, or
/// Redis for every store when <c>ConnectionStrings:Redis</c> is set (a StackExchange.Redis configuration string such
/// as <c>127.0.0.1:6379</c>): then any number of sample processes sharing the Redis and <c>AUTH_SECRET</c> are one app.
/// Every request reads its session through a <see cref="SesameDbContext"/>, so the context is pooled
/// (<c>AddDbContextPool</c>): a new context per request would cost more than the read itself.
/// </summary>
internal static class SampleDatabase
{
    public static bool IsEnabled(IConfiguration configuration) =>
        string.Equals(configuration["Sesame:Session:Strategy"], "database", StringComparison.OrdinalIgnoreCase);

    /// <summary>The StackExchange.Redis configuration string of <c>ConnectionStrings:Redis</c>, or <see langword="null"/>.</summary>
    public static string? RedisConfiguration(IConfiguration configuration) =>
        configuration.GetConnectionString("Redis") is { Length: > 0 } redis ? redis : null;

    public static void AddStores(WebApplicationBuilder builder, SesameBuilder sesame)
    {
        var configuration = builder.Configuration;
        if (RedisConfiguration(configuration) is { } redis)
        {
            sesame.AddStackExchangeRedisStores(redis);
            return;
        }

        var connectionString = configuration.GetConnectionString("Sesame");
        if (IsPostgreSql(configuration["Sesame:Database:Provider"]))
        {
            if (string.IsNullOrEmpty(connectionString))
            {
                throw new InvalidOperationException("Sesame:Database:Provider is postgresql: set ConnectionStrings__Sesame to the server's connection string.");
            }

            builder.Services.AddDbContextPool<SesameDbContext>(options => options.UseNpgsql(WithAutoPrepare(connectionString)));
        }
        else
        {
            AddSqliteContext(builder);
        }

        sesame.AddEntityFrameworkCoreStores<SesameDbContext>();
    }

    /// <summary>The sample's SQLite file (<c>ConnectionStrings:Sesame</c>, else <c>sesame.db</c> next to the app), pooled.</summary>
    public static void AddSqliteContext(WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Sesame") is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(builder.Environment.ContentRootPath, "sesame.db")}";
        builder.Services.AddDbContextPool<SesameDbContext>(options => options.UseSqlite(connectionString));
    }

    /// <summary>Creates the tables (next-auth's Prisma schema) when the database has none; Redis has no schema (and no context).</summary>
    public static async Task EnsureCreatedAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<SesameDbContext>() is { } db)
        {
            // several instances may start at once on one database: this one waits for the other's tables
            await db.EnsureSesameSchemaAsync();
        }
    }

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the connection string decides (<c>Max Auto Prepare=0</c> turns
    /// it off, as a PgBouncer in transaction mode older than 1.21 needs): the session lookup, run on every request,
    /// then keeps its plan on the server and costs about half the time.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Keys lists only what the string set, under Npgsql's canonical names; ContainsKey knows every keyword.
        if (!builder.Keys.Any(key => key == "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 20;
        }

        return builder.ConnectionString;
    }

    private static bool IsPostgreSql(string? provider) =>
        provider is not null && (provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase) ||
                                 provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) ||
                                 provider.Equals("npgsql", StringComparison.OrdinalIgnoreCase));
}
