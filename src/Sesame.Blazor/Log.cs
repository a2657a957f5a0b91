using Microsoft.Extensions.Logging;

namespace Sesame.Blazor;

/// <summary>The assembly's log messages (event ids 3000–3099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "The session of a Blazor circuit (user {UserId}) ended or was revoked: the circuit is signed out.")]
    public static partial void CircuitSessionEnded(ILogger logger, string? userId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Access.ValidateUser rejected the user {UserId} of a Blazor circuit: the circuit is signed out.")]
    public static partial void CircuitUserRejected(ILogger logger, string? userId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "A Blazor circuit started without an HTTP request to read its session from: it is signed out at its first revalidation.")]
    public static partial void NoCircuitRequest(ILogger logger);
}
