using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sesame.Testing;

namespace Sesame.Tests.Interop;

/// <summary>
/// The real next-auth 4.24.15 request handler on a Node http server (<c>benchmarks/nextauth-reference/server.mjs</c>,
/// with the packages of <c>tests/interop</c>): credentials provider <c>credentials</c>, user <c>demo</c> /
/// <see cref="Password"/>, JWT sessions, listening on <c>http://127.0.0.1:{port}</c> with <c>NEXTAUTH_URL</c> that origin or,
/// for secure cookies, its <c>https</c> twin.
/// </summary>
internal sealed class NextAuthReferenceServer : IAsyncDisposable
{
    public const string Password = "demo-password";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private NextAuthReferenceServer(Process process, StringBuilder output, Uri origin, Uri publicOrigin) =>
        (_process, _output, Origin, PublicOrigin) = (process, output, origin, publicOrigin);

    /// <summary>Where the server listens.</summary>
    public Uri Origin { get; }

    /// <summary>Its <c>NEXTAUTH_URL</c>: <see cref="Origin"/>, or with <c>https</c> when started for secure cookies.</summary>
    public Uri PublicOrigin { get; }

    /// <summary>
    /// Starts the server; with <paramref name="sampleContract"/>, as the app Sesame's sample mirrors (users <c>demo</c> and
    /// <c>admin</c>, the seed's callbacks copying <c>id</c> and <c>role</c> into the session); with
    /// <paramref name="customPages"/>, with every page of next-auth's <c>pages</c> option set (<c>/login</c>, <c>/bye</c>,
    /// <c>/oops</c>, <c>/check</c>, <c>/welcome</c>); with <paramref name="signInCallback"/>, with users <c>denied</c>,
    /// <c>mfa</c> and <c>elsewhere</c> whom a <c>signIn</c> callback refuses or sends to <c>/auth/verify-mfa</c> or
    /// <c>https://other.example/x</c>.
    /// </summary>
    /// <param name="environment">More environment variables for the server (e.g. <c>OIDC_ISSUER</c>, <c>OIDC_CLIENT_ID</c>,
    /// <c>OIDC_CLIENT_SECRET</c> for its OpenID Connect provider <c>oidc</c>); <paramref name="port"/>, when given, is where
    /// it listens (an OAuth client is registered for its callback URL before it starts).</param>
    public static async Task<NextAuthReferenceServer> StartAsync(string secret, bool secure = false, bool sampleContract = false, bool customPages = false, bool signInCallback = false, IReadOnlyDictionary<string, string>? environment = null, int? port = null)
    {
        // A free port can be taken by another test's server before node binds it: node then exits, and we try another.
        for (var attempt = 1; ; attempt++)
        {
            var server = await TryStartAsync(secret, secure, sampleContract, customPages, signInCallback, environment, port);
            if (server.IsListening)
            {
                return server;
            }

            var output = server.Output;
            await server.DisposeAsync();
            if (attempt == 3 || port is not null)
            {
                throw new InvalidOperationException("The next-auth reference server did not start: " + output);
            }
        }
    }

    private bool IsListening { get; set; }

    private static async Task<NextAuthReferenceServer> TryStartAsync(string secret, bool secure, bool sampleContract, bool customPages, bool signInCallback, IReadOnlyDictionary<string, string>? environment, int? fixedPort)
    {
        var port = fixedPort ?? FreePort();
        var origin = new Uri($"http://127.0.0.1:{port}");
        var publicOrigin = new Uri($"{(secure ? "https" : "http")}://127.0.0.1:{port}");
        var start = new ProcessStartInfo(Requirements.FindOnPath("node") ?? "node")
        {
            WorkingDirectory = Path.Combine(Requirements.RepositoryRoot, "benchmarks", "nextauth-reference"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["AUTH_SECRET"] = secret;
        start.Environment["NEXTAUTH_URL"] = publicOrigin.ToString().TrimEnd('/');
        start.Environment["DEMO_PASSWORD"] = Password;
        start.Environment["SAMPLE_CONTRACT"] = sampleContract ? "1" : "0";
        start.Environment["CUSTOM_PAGES"] = customPages ? "1" : "0";
        start.Environment["SIGNIN_CALLBACK"] = signInCallback ? "1" : "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        // the reference resolves next-auth from its own node_modules when a load test installed one, else from the tests'
        start.Environment["NODE_PATH"] = Path.Combine(Requirements.RepositoryRoot, "tests", "interop", "node_modules");

        // Ready when node itself says it listens (its own log line), not when something answers on the port, which
        // could be another test's server.
        var listening = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("next-auth reference listening", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(true);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new NextAuthReferenceServer(process, output, origin, publicOrigin);
        var finished = await Task.WhenAny(listening.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        server.IsListening = finished == listening.Task && listening.Task.Result;
        return server;
    }

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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
