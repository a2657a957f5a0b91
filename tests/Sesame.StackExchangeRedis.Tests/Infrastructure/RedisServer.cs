using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sesame.Testing;
using StackExchange.Redis;
using Xunit;

namespace Sesame.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// A throw-away <c>redis-server</c> for a test collection: started on first use on a free 127.0.0.1 port, with no
/// persistence (nothing written to disk), stopped at the end. Test classes share it under key prefixes of their own
/// (<see cref="NewPrefix"/>). The fault tests stop and restart it on the same port with <see cref="StopAsync"/> and
/// <see cref="StartAsync"/>.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _output = new();
    private readonly Func<string?> _findBinary;
    private readonly bool _durable;
    private string? _dataDirectory;
    private Process? _process;
    private ConnectionMultiplexer? _admin;
    private int _port;

    public RedisServer()
        : this(() => Requirements.FindOnPath("redis-server"), durable: false)
    {
    }

    /// <summary>
    /// A server whose binary <paramref name="findBinary"/> finds (or does not: <see langword="null"/>); when
    /// <paramref name="durable"/>, every write is in an append-only file (fsync always) in a temporary folder, so that
    /// data survives <see cref="StopAsync"/> and <see cref="StartAsync"/>, as on a production Redis with AOF.
    /// </summary>
    internal RedisServer(Func<string?> findBinary, bool durable)
    {
        _findBinary = findBinary;
        _durable = durable;
    }

    /// <summary>The <c>host:port</c> of the server, starting it first.</summary>
    public async Task<string> GetEndPointAsync()
    {
        await EnsureStartedAsync();
        return EndPoint;
    }

    /// <summary>The <c>host:port</c> the server listens on, or will once started (a free port is chosen on first ask).</summary>
    public string EndPoint
    {
        get
        {
            if (_port == 0)
            {
                _port = FreePort();
            }

            return $"127.0.0.1:{_port}";
        }
    }

    /// <summary>A key prefix no other test class uses.</summary>
    public static string NewPrefix(string name) => $"test:{name}:{Guid.NewGuid():N}:";

    /// <summary>A connection for the tests' own commands and direct reads (not the stores'), made once.</summary>
    public async Task<IDatabase> GetAdminDatabaseAsync()
    {
        await EnsureStartedAsync();
        return _admin!.GetDatabase();
    }

    /// <summary>The server's output so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await StopAsync();
        _gate.Dispose();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>Starts the server if it is not running: on a new free port the first time, on the same port after <see cref="StopAsync"/>.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await StartCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the server (as a crash would: no clean shutdown) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    private async Task EnsureStartedAsync()
    {
        if (_process is { HasExited: false } && _admin is not null)
        {
            return;
        }

        await StartAsync();
        if (_admin is null)
        {
            var options = ConfigurationOptions.Parse(EndPoint);
            options.AbortOnConnectFail = false;
            options.AllowAdmin = true;
            options.AsyncTimeout = options.SyncTimeout = 15_000; // outlives the fault tests' DEBUG SLEEP
            _admin = await ConnectionMultiplexer.ConnectAsync(options);
        }
    }

    private async Task StartCoreAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var binary = _findBinary()
            ?? throw new InvalidOperationException("redis-server is not installed: run scripts/install-prereqs.sh");
        var port = EndPoint[(EndPoint.LastIndexOf(':') + 1)..];
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        _dataDirectory ??= _durable ? Directory.CreateTempSubdirectory("sesame-redis-").FullName : null;
        // No RDB snapshots; an append-only file only when durable: a throw-away server keeps nothing otherwise.
        string[] persistence = _dataDirectory is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _dataDirectory];
        foreach (var argument in (string[])["--port", port, "--bind", "127.0.0.1",
                     "--save", "", .. persistence, "--daemonize", "no", "--protected-mode", "yes", "--enable-debug-command", "local"])
        {
            start.ArgumentList.Add(argument);
        }

        lock (_output)
        {
            _output.Clear();
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode}:\n{Output}");
            }

            if (Output.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("redis-server did not start in 20 s:\n" + Output);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
