using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.StackExchangeRedis.Logging;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Shared;

/// <summary>
/// The one <see cref="IConnectionMultiplexer"/> the stores share: the app's own when it registered one (not disposed
/// here), else one made from <see cref="SesameRedisOptions.Configuration"/> and disposed with the container. A
/// multiplexer is meant to be shared by the whole app: it pipelines every caller over one socket. Connecting starts
/// with the app (<see cref="RedisConnectionStarter"/>) or on first use; a caller waits for it at most
/// <see cref="InitialConnectWait"/>, so a Redis that is down at start-up fails requests closed at once instead of
/// holding each for the whole connect timeout.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    /// <summary>How long a caller waits for the first connection before failing closed.</summary>
    public static readonly TimeSpan InitialConnectWait = TimeSpan.FromSeconds(1);

    private readonly IServiceProvider _services;
    private readonly SesameRedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lock _lock = new();
    private Task<IDatabase>? _connecting;
    private IConnectionMultiplexer? _multiplexer;
    private IDatabase? _database;
    private bool _owned;

    public RedisConnection(IServiceProvider services, IOptions<SesameRedisOptions> options, ILogger<RedisConnection> logger)
    {
        _services = services;
        _options = options.Value;
        _logger = logger;
        Keys = new RedisKeys(_options.KeyPrefix);
    }

    public RedisKeys Keys { get; }

    /// <summary>The database; connecting first if nothing has yet.</summary>
    public ValueTask<IDatabase> GetDatabaseAsync() => _database is { } database ? new(database) : new(WaitForConnectionAsync());

    /// <summary>
    /// Runs a script. Redis cannot abandon a command once sent, so cancellation only stops the caller waiting; the
    /// script still runs whole or not at all.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await GetDatabaseAsync().ConfigureAwait(false);
        var result = database.ScriptEvaluateAsync(script, keys, values);
        return cancellationToken.CanBeCanceled
            ? await result.WaitAsync(cancellationToken).ConfigureAwait(false)
            : await result.ConfigureAwait(false);
    }

    /// <summary>Starts connecting unless that has started; the task completes when the multiplexer exists.</summary>
    public Task<IDatabase> StartConnecting()
    {
        lock (_lock)
        {
            // not under the lock: the connect runs on the pool
            return _connecting ??= Task.Run(ConnectAsync);
        }
    }

    /// <summary>
    /// The options of a multiplexer Sesame makes itself: start and reconnect while Redis is down
    /// (<c>abortConnect=false</c>), and fail a command at once while disconnected instead of queueing it until its
    /// timeout, so a request without Redis is answered "signed out" without waiting.
    /// </summary>
    public static ConfigurationOptions ParseConfiguration(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connecting is { } connecting)
        {
            try
            {
                await connecting.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // the connect failed, so nothing was made to close; it was logged where it was awaited
            }
        }

        if (_owned && _multiplexer is not null)
        {
            await _multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<IDatabase> WaitForConnectionAsync()
    {
        var connecting = StartConnecting();
        try
        {
            return await connecting.WaitAsync(InitialConnectWait).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Sesame's Redis connection is still being made.", exception, CommandStatus.WaitingToBeSent);
        }
    }

    private async Task<IDatabase> ConnectAsync()
    {
        try
        {
            var multiplexer = _services.GetService<IConnectionMultiplexer>();
            if (multiplexer is null)
            {
                // Validated at start-up: without a registered multiplexer the configuration string is set.
                multiplexer = await ConnectionMultiplexer.ConnectAsync(ParseConfiguration(_options.Configuration!)).ConfigureAwait(false);
                _owned = true;
            }
            else
            {
                Log.UsingRegisteredMultiplexer(_logger);
            }

            multiplexer.ConnectionFailed += (_, e) => Log.ConnectionFailed(_logger, e.Exception, e.EndPoint?.ToString() ?? "?", e.FailureType);
            multiplexer.ConnectionRestored += (_, e) => Log.ConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?");
            _multiplexer = multiplexer;
            _database = multiplexer.GetDatabase(_options.Database);
            return _database;
        }
        catch
        {
            // Let the next caller try again rather than keep a failed attempt forever.
            lock (_lock)
            {
                _connecting = null;
            }

            throw;
        }
    }
}
