using Microsoft.Extensions.Logging;

namespace Sesame.Blazor.WebAssembly;

/// <summary>The assembly's log messages (event ids 3100–3199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "The Sesame session (user {UserId}) ended or was revoked: the WebAssembly app is signed out.")]
    public static partial void SessionEnded(ILogger logger, string? userId);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Reading the Sesame session failed ({Reason}): the last authentication state is kept.")]
    public static partial void SessionReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "The Sesame session (user {UserId}) expired while the server could not be reached: the WebAssembly app is signed out.")]
    public static partial void SessionExpiredUnreachable(ILogger logger, string? userId);
}
