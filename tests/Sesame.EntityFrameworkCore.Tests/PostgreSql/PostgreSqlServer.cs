using System.Diagnostics;
using Npgsql;
using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>
/// A throw-away PostgreSQL server for the test run: <c>initdb</c> into a temporary folder, <c>postgres</c> listening
/// only on a Unix socket in that folder (no port to collide with), one database per test class, and everything
/// stopped and deleted at the end. PostgreSQL refuses to run as root, so under root the server runs as the
/// <c>postgres</c> OS user (made if missing). Started on first use, so classes that are skipped start nothing.
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    private const string SuperUser = "postgres";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);
    private string? _root;
    private string? _bin;
    private string? _osUser;

    private string DataDirectory => Path.Combine(_root!, "data");

    /// <summary>
    /// The connection string of the database <paramref name="name"/>, created (and prepared by
    /// <paramref name="initialize"/>) the first time it is asked for.
    /// </summary>
    public async Task<string> GetDatabaseAsync(string name, Func<string, Task> initialize)
    {
        await _gate.WaitAsync();
        try
        {
            if (_databases.TryGetValue(name, out var existing))
            {
                return existing;
            }

            await EnsureStartedAsync();
            await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            var connectionString = ConnectionString(name);
            await initialize(connectionString);
            _databases.Add(name, connectionString);
            return connectionString;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(_bin!, "pg_ctl"), "stop", "-D", DataDirectory, "-m", "immediate", "-w");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
            _gate.Dispose();
        }
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = _root, // a folder: Npgsql connects to the Unix socket in it
        Port = 5432,
        Username = SuperUser,
        Database = database,
    }.ConnectionString;

    private async Task EnsureStartedAsync()
    {
        if (_root is not null)
        {
            return;
        }

        _bin = Requirements.FindPostgreSqlBin() ?? throw new InvalidOperationException(Requirements.Missing(Requirement.PostgreSql));
        var root = Directory.CreateTempSubdirectory("sesame-pg-").FullName;
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                _osUser = await EnsureOsUserAsync();
                await RunAsync("chown", "-R", _osUser, root);
            }

            _root = root;
            await RunAsync(Path.Combine(_bin, "initdb"), "-D", DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
            // Durability is worthless for a throw-away server; the settings make each test's writes cheap.
            var options = $"-c listen_addresses='' -k {_root} -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            await RunAsync(Path.Combine(_bin, "pg_ctl"), "start", "-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", options);
        }
        catch
        {
            _root = null;
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private static async Task<string> EnsureOsUserAsync()
    {
        if (await TryRunAsync("id", "-u", SuperUser) == 0)
        {
            return SuperUser;
        }

        await RunCheckedAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SuperUser]);
        return SuperUser;
    }

    // Under root, PostgreSQL's programs run as the server's OS user.
    private Task RunAsync(string program, params string[] arguments) =>
        _osUser is null || program is "chown"
            ? RunCheckedAsync(program, arguments)
            : RunCheckedAsync("runuser", ["-u", _osUser, "--", program, .. arguments]);

    private static async Task RunCheckedAsync(string program, string[] arguments)
    {
        var (exitCode, output) = await ExecuteAsync(program, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        }
    }

    private static async Task<int> TryRunAsync(string program, params string[] arguments) => (await ExecuteAsync(program, arguments)).ExitCode;

    private static async Task<(int ExitCode, string Output)> ExecuteAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
