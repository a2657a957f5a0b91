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

    [LoggerMessage(3050, LogLevel.Warning, "Subscribing to JWT session revocations on Redis failed; retrying. Until it succeeds, a revocation on another instance reaches this one within Jwt.RevocationCheckInterval.")]
    public static partial void RevocationSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(3051, LogLevel.Information, "The Redis subscription to JWT session revocations is back; what this instance cached about sessions is forgotten, as revocations may have been missed.")]
    public static partial void RevocationSubscriptionRestored(ILogger logger);

    [LoggerMessage(3052, LogLevel.Error, "A subscriber to JWT session revocations threw.")]
    public static partial void RevocationSubscriberFailed(ILogger logger, Exception exception);
}
