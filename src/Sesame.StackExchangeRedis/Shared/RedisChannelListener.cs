using Microsoft.Extensions.Logging;
using Sesame.StackExchangeRedis.Logging;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Shared;

/// <summary>
/// One pub/sub channel an instance listens to, fanned out to in-process subscribers. It subscribes once the
/// connection exists, retrying while Redis is unreachable; StackExchange.Redis then keeps the subscription across
/// reconnects itself. Each reconnect of the subscription connection tells subscribers <see langword="null"/> ("forget
/// everything"), since what was published meanwhile is lost. A subscriber that throws is logged, never the caller's problem.
/// </summary>
internal sealed class RedisChannelListener(RedisConnection connection, string channel, string subject, TimeProvider timeProvider, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(1);
    private readonly RedisChannel _channel = RedisChannel.Literal(channel);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Action<string?>[] _subscribers = [];
    private Task? _listening;
    private ISubscriber? _subscriber;

    /// <summary>The channel's name, as a script passes it to <c>PUBLISH</c>.</summary>
    public string Channel => channel;

    public IDisposable Subscribe(Action<string?> onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, onMessage];
            _listening ??= Task.Run(ListenAsync);
        }

        return new Subscription(this, onMessage);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listening is { } listening)
        {
            try
            {
                await listening.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped while waiting to retry
            }
        }

        if (_subscriber is { } subscriber)
        {
            try
            {
                await subscriber.UnsubscribeAsync(_channel, OnMessage).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RedisException or ObjectDisposedException)
            {
                // the connection is closing or gone: nothing left to unsubscribe from
            }
        }

        _stopping.Dispose();
    }

    private async Task ListenAsync()
    {
        var failures = 0;
        while (true)
        {
            _stopping.Token.ThrowIfCancellationRequested();
            try
            {
                var database = await connection.GetDatabaseAsync().ConfigureAwait(false);
                var subscriber = database.Multiplexer.GetSubscriber();
                await subscriber.SubscribeAsync(_channel, OnMessage).ConfigureAwait(false);
                _subscriber = subscriber;
                database.Multiplexer.ConnectionRestored += OnConnectionRestored;
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // once per outage, not once per retry: the connection logs its own failures
                if (failures++ == 0)
                {
                    Log.SubscribeFailed(logger, exception, subject);
                }
            }

            await Task.Delay(SubscribeRetry, timeProvider, _stopping.Token).ConfigureAwait(false);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (!message.IsNullOrEmpty)
        {
            Notify(message);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Log.SubscriptionRestored(logger, subject);
            Notify(null);
        }
    }

    private void Notify(string? message)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(message);
            }
            catch (Exception exception)
            {
                Log.SubscriberFailed(logger, exception, subject);
            }
        }
    }

    private sealed class Subscription(RedisChannelListener listener, Action<string?> onMessage) : IDisposable
    {
        public void Dispose()
        {
            lock (listener._lock)
            {
                listener._subscribers = [.. listener._subscribers.Where(s => s != onMessage)];
            }
        }
    }
}
