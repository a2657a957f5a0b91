using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Logging;

/// <summary>The Redis stores' log messages (event ids 3000–3099). No message carries a key, token or secret.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Error, "The Redis connection to {EndPoint} failed ({FailureType}); requests that need Redis fail closed until it is back.")]
    public static partial void ConnectionFailed(ILogger logger, Exception? exception, string endPoint, ConnectionFailureType failureType);

    [LoggerMessage(3002, LogLevel.Information, "The Redis connection to {EndPoint} is restored.")]
    public static partial void ConnectionRestored(ILogger logger, string endPoint);

    [LoggerMessage(3003, LogLevel.Information, "Using the IConnectionMultiplexer registered by the app for Sesame's Redis stores.")]
    public static partial void UsingRegisteredMultiplexer(ILogger logger);

    [LoggerMessage(3050, LogLevel.Warning, "Subscribing to {Subject} on Redis failed; retrying. Until it succeeds, a change made on another instance reaches this one only within its check interval.")]
    public static partial void SubscribeFailed(ILogger logger, Exception exception, string subject);

    [LoggerMessage(3051, LogLevel.Information, "The Redis subscription to {Subject} is back; what this instance cached is forgotten, as changes may have been missed.")]
    public static partial void SubscriptionRestored(ILogger logger, string subject);

    [LoggerMessage(3052, LogLevel.Error, "A subscriber to {Subject} threw.")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, string subject);
}
