using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sesame.EntityFrameworkCore;
using Sesame.Sessions;

namespace Sesame.Docs.Snippets;

/// <summary>docs/database-sessions.md</summary>
public static class DatabaseSessions
{
    public static async Task BasicAsync(WebApplicationBuilder builder)
    {
        #region database-basic
        builder.Services.AddDbContextPool<SesameDbContext>(db => db.UseSqlite("Data Source=sesame.db"));   // or UseNpgsql(...)
        builder.Services.AddSesame(options =>
            {
                options.Session.Strategy = SessionStrategy.Database;
                options.Session.MaxAge = TimeSpan.FromDays(30);
                options.Session.UpdateAge = TimeSpan.FromHours(24);   // the row is written at most once a day per session
            })
            .AddEntityFrameworkCoreStores<SesameDbContext>();

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // next-auth's Prisma tables: User, Account, Session, VerificationToken
            await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
        }
        #endregion
    }

    #region database-own-context
    // Sesame's tables in your own DbContext, next to your entities.
    public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.ApplySesameModel();   // optionally a schema: ApplySesameModel("auth")
        }
    }
    #endregion

    public static void Callback(WebApplicationBuilder builder)
    {
        #region database-session-callback
        builder.Services.AddSesame(options =>
        {
            options.Session.Strategy = SessionStrategy.Database;
            options.Callbacks.OnSession = context =>
            {
                // With database sessions the callback gets the user row instead of a token.
                context.Session.User.Id = context.User?.Id;
                context.Session.User.Set("role", context.User?.Properties.GetValueOrDefault("role"));
                return Task.CompletedTask;
            };
        });
        #endregion
    }

    public static void Cache(WebApplicationBuilder builder)
    {
        #region database-session-cache
        builder.Services.AddDbContextPool<SesameDbContext>(db => db.UseSqlite("Data Source=sesame.db"));   // or UseNpgsql(...)
        builder.Services.AddSesame(options =>
            {
                options.Session.Strategy = SessionStrategy.Database;
                options.Session.Cache.Enabled = true;                       // or Sesame:Session:Cache:Enabled=true
                options.Session.Cache.Duration = TimeSpan.FromSeconds(5);   // the default: the most a read may be behind the database
            })
            .AddEntityFrameworkCoreStores<SesameDbContext>()
            // several instances: each sign-out or revocation tells the others' caches at once (Redis pub/sub)
            .AddStackExchangeRedisSessionCacheInvalidation("127.0.0.1:6379");
        #endregion
    }
}
