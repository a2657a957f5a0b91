using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore;

namespace Sesame.Tool.Commands;

/// <summary><c>sesame db create</c>: next-auth's tables (User, Account, Session, VerificationToken, …) in an empty database.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider", "-p")
        {
            Description = "The database: sqlite or postgresql.",
            DefaultValueFactory = _ => "sqlite",
        };
        provider.AcceptOnlyFromAmong("sqlite", "postgresql");
        var connection = new Option<string?>("--connection", "-c")
        {
            Description = "The connection string (default: the ConnectionStrings__Sesame environment variable).",
        };

        var create = new Command("create", "Create Sesame's tables in the database (EF Core EnsureCreated): a database that already has tables is left as it is.")
        {
            provider,
            connection,
        };
        create.SetAction((parse, cancellationToken) => CreateAsync(
            parse.GetValue(provider)!, parse.GetValue(connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__Sesame"), cancellationToken));

        return new Command("db", "Sesame's database schema (Sesame.EntityFrameworkCore).") { create };
    }

    private static async Task<int> CreateAsync(string provider, string? connection, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            await Console.Error.WriteLineAsync("No connection string: pass --connection \"Data Source=app.db\" (or set ConnectionStrings__Sesame).");
            return 1;
        }

        var builder = new DbContextOptionsBuilder<SesameDbContext>();
        _ = provider == "postgresql" ? builder.UseNpgsql(connection) : builder.UseSqlite(connection);
        try
        {
            await using var db = new SesameDbContext(builder.Options);
            var created = await db.Database.EnsureCreatedAsync(cancellationToken);
            await Console.Out.WriteLineAsync(created
                ? $"Created Sesame's tables ({string.Join(", ", db.Model.GetEntityTypes().Select(t => t.GetTableName()).Distinct().Order(StringComparer.Ordinal))}) in the {provider} database."
                : $"The {provider} database already has tables: nothing was created (EnsureCreated only fills an empty database; use migrations to change an existing one).");
            return 0;
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or ArgumentException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync($"Could not create the schema in the {provider} database: {exception.Message}");
            return 1;
        }
    }
}
