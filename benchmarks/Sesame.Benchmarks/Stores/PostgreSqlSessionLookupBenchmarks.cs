using System.Data.Common;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sesame.Stores;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// <see cref="SessionLookupBenchmarks"/> on a real PostgreSQL server on this machine, over its Unix socket, with
/// Npgsql's connection pool (its default). Skipped, with the reason printed, where the server binaries are missing.
/// </summary>
[Config(typeof(RequiresPostgreSql))]
public class PostgreSqlSessionLookupBenchmarks : SessionLookupBenchmarks
{
    private PostgreSqlBenchmarkServer? _server;
    private IServiceProvider? _autoPrepared;

    protected override async Task<string> CreateDatabaseAsync()
    {
        _server = await PostgreSqlBenchmarkServer.StartAsync();
        await using (var connection = new NpgsqlConnection(_server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE sesame", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = "sesame" }.ConnectionString;
        // Npgsql's automatic preparation keeps the lookup's plan on the server per physical connection: an app's choice
        // in its connection string, measured here beside the default.
        _autoPrepared = Build(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 20 }.ConnectionString, pooled: true, linq: false);
        return connectionString;
    }

    protected override async Task DeleteDatabaseAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override void UseDatabase(DbContextOptionsBuilder options, string connectionString) => options.UseNpgsql(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <summary>The store on a pooled context, with <c>Max Auto Prepare</c> in the connection string.</summary>
    [Benchmark]
    public Task<SesameSessionAndUser?> Store_PooledContext_AutoPrepare() => LookupAsync(_autoPrepared!);

    private sealed class RequiresPostgreSql : ManualConfig
    {
        public RequiresPostgreSql()
        {
            if (PostgreSqlBenchmarkServer.Missing is { } missing)
            {
                Console.WriteLine($"// Skipping {nameof(PostgreSqlSessionLookupBenchmarks)}: {missing}");
                AddFilter(new SimpleFilter(_ => false));
            }
        }
    }
}
