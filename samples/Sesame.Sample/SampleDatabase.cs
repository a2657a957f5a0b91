using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore;

namespace Sesame.Sample;

/// <summary>
/// The database strategy's storage: a SQLite file next to the app with no set-up, or PostgreSQL when
/// <c>Sesame:Database:Provider</c> is <c>postgresql</c> and <c>ConnectionStrings:Sesame</c> points at a server.
/// </summary>
internal static class SampleDatabase
{
    public static bool IsEnabled(IConfiguration configuration) =>
        string.Equals(configuration["Sesame:Session:Strategy"], "database", StringComparison.OrdinalIgnoreCase);

    public static void AddStores(WebApplicationBuilder builder, SesameBuilder sesame)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.GetConnectionString("Sesame");
        if (IsPostgreSql(configuration["Sesame:Database:Provider"]))
        {
            if (string.IsNullOrEmpty(connectionString))
            {
                throw new InvalidOperationException("Sesame:Database:Provider is postgresql: set ConnectionStrings__Sesame to the server's connection string.");
            }

            builder.Services.AddDbContext<SesameDbContext>(options => options.UseNpgsql(connectionString));
        }
        else
        {
            connectionString ??= $"Data Source={Path.Combine(builder.Environment.ContentRootPath, "sesame.db")}";
            builder.Services.AddDbContext<SesameDbContext>(options => options.UseSqlite(connectionString));
        }

        sesame.AddEntityFrameworkCoreStores<SesameDbContext>();
    }

    /// <summary>Creates the tables (next-auth's Prisma schema) when the database has none.</summary>
    public static async Task EnsureCreatedAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
    }

    private static bool IsPostgreSql(string? provider) =>
        provider is not null && (provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase) ||
                                 provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) ||
                                 provider.Equals("npgsql", StringComparison.OrdinalIgnoreCase));
}
