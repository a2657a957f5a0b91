using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Sesame.Tests.Email;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer library) that keeps every message it accepts, or refuses them all
/// when told to. Started once per test class, as a class fixture.
/// </summary>
public class SmtpTestServer : IAsyncLifetime
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer? _server;
    private Task? _running;

    public int Port { get; private set; }

    /// <summary>The user name and password the server requires (AUTH over plain text, for the test), or none.</summary>
    protected virtual (string User, string Password)? Credentials => null;

    /// <summary><c>EMAIL_SERVER</c> for this server (with its credentials, percent-encoded).</summary>
    public string Url => Credentials is { } credentials
        ? $"smtp://{Uri.EscapeDataString(credentials.User)}:{Uri.EscapeDataString(credentials.Password)}@127.0.0.1:{Port}"
        : $"smtp://127.0.0.1:{Port}";

    /// <summary>When true, every message is refused with 554 (a server that takes the connection but not the mail).</summary>
    public bool Refuse { get; set; }

    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    public async Task InitializeAsync()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                .AuthenticationRequired(Credentials is not null)
                .AllowUnsecureAuthentication(Credentials is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        if (Credentials is { } required)
        {
            services.Add(new SmtpServer.Authentication.DelegatingUserAuthenticator((user, password) => user == required.User && password == required.Password));
        }
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
        // listening once a client can connect
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException($"The test SMTP server did not start listening on 127.0.0.1:{Port}.");
    }

    /// <summary>The messages sent to <paramref name="address"/> so far.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. _messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.Ordinal)))];

    /// <summary>The latest message to <paramref name="address"/> (sending is done before the endpoint answers).</summary>
    public MimeMessage LatestTo(string address) => To(address) is { Count: > 0 } messages ? messages[^1]
        : throw new Xunit.Sdk.XunitException($"No message to {address} arrived; the server has {_messages.Count} for others.");

    /// <summary>The sign-in link in the text part of the latest message to <paramref name="address"/>.</summary>
    public Uri LinkTo(string address)
    {
        var text = LatestTo(address).TextBody ?? "";
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("http", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException("The text part has no link: " + text);
        return new Uri(line);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _server?.Shutdown();
        if (_running is not null)
        {
            try
            {
                await _running.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.Refuse)
            {
                return Task.FromResult(new SmtpResponse(SmtpReplyCode.TransactionFailed, "refused by the test"));
            }

            using var stream = new MemoryStream(buffer.ToArray());
            server._messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}

/// <summary>An SMTP server that takes mail only after AUTH with a user name and password that need percent-encoding in a URL.</summary>
public sealed class AuthenticatingSmtpTestServer : SmtpTestServer
{
    public const string User = "sesame@example.com";
    public const string Password = "p@ss:w/rd%";

    protected override (string User, string Password)? Credentials => (User, Password);
}
