using System.Diagnostics;
using Npgsql;
using Sesame.Testing;

namespace Sesame.Benchmarks.Stores;

/// <summary>
/// A throw-away PostgreSQL server for one benchmark process: <c>initdb</c> into a temporary folder, <c>postgres</c>
/// listening only on a Unix socket there (the round trip a server on the same machine costs), stopped and deleted at
/// the end. PostgreSQL refuses to run as root, so under root it runs as the <c>postgres</c> OS user (made if missing).
/// </summary>
internal sealed class PostgreSqlBenchmarkServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private readonly string _bin;
    private readonly string _root;
    private readonly string? _osUser;

    private PostgreSqlBenchmarkServer(string bin, string root, string? osUser) => (_bin, _root, _osUser) = (bin, root, osUser);

    /// <summary>Why the benchmark cannot run here, or <see langword="null"/> when it can.</summary>
    public static string? Missing => Requirements.Missing(Requirement.PostgreSql);

    /// <summary>The connection string of the <c>postgres</c> database, through the socket folder.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder { Host = _root, Port = 5432, Username = SuperUser, Database = "postgres" }.ConnectionString;

    public static async Task<PostgreSqlBenchmarkServer> StartAsync()
    {
        var bin = Requirements.FindPostgreSqlBin() ?? throw new InvalidOperationException(Missing);
        var root = Directory.CreateTempSubdirectory("sesame-bench-pg-").FullName;
        string? osUser = null;
        if (Environment.IsPrivilegedProcess)
        {
            osUser = SuperUser;
            if (await RunAsync(null, "id", "-u", SuperUser) != 0)
            {
                await RunCheckedAsync(null, "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SuperUser);
            }

            await RunCheckedAsync(null, "chown", "-R", SuperUser, root);
        }

        var server = new PostgreSqlBenchmarkServer(bin, root, osUser);
        var data = Path.Combine(root, "data");
        await RunCheckedAsync(osUser, Path.Combine(bin, "initdb"), "-D", data, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        // Durable writes are not what is measured: only reads are timed.
        var options = $"-c listen_addresses='' -k {root} -p 5432 -c fsync=off -c synchronous_commit=off";
        await RunCheckedAsync(osUser, Path.Combine(bin, "pg_ctl"), "start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(root, "server.log"), "-o", options);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunCheckedAsync(_osUser, Path.Combine(_bin, "pg_ctl"), "stop", "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task RunCheckedAsync(string? osUser, string program, params string[] arguments)
    {
        if (await RunAsync(osUser, program, arguments) is var exitCode and not 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exitCode}.");
        }
    }

    private static async Task<int> RunAsync(string? osUser, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(osUser is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in osUser is null ? arguments : ["-u", osUser, "--", program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }
}
