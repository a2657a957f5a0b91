using Microsoft.Extensions.Logging;

namespace Sesame.Logging;

/// <summary>
/// The log of a store failure on the per-request path (a database or Redis that is down fails every request, thousands
/// a second, each an Error with its stack trace): the first <see cref="PerWindow"/> of each <see cref="Window"/> are
/// logged as <paramref name="error"/> says, the rest at Debug with the exception's type only. The request fails closed
/// either way, and the store-duration metric counts every failure by its type.
/// </summary>
internal sealed class StoreFailureLog(TimeProvider time, ILogger logger, Action<ILogger, Exception> error)
{
    public const int PerWindow = 5;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly LogRateLimit _limit = new(time, PerWindow, Window);

    public void Failed(Exception exception)
    {
        if (_limit.TryAcquire())
        {
            error(logger, exception);
        }
        else
        {
            Log.StoreFailedAgain(logger, exception.GetType().Name);
        }
    }
}
