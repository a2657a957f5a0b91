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
}
