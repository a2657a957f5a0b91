using Microsoft.Extensions.Hosting;

namespace Sesame.Sessions.Revocation;

/// <summary>
/// Creates the revocation check when the app starts rather than on the first request, so that an instance listens for
/// revocations (Redis pub/sub) before it serves any session. Nothing happens when JWT sessions are not revocable.
/// </summary>
internal sealed class JwtSessionRevocationStarter(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(SesameSettings)) is SesameSettings { JwtRevocable: true })
        {
            _ = services.GetService(typeof(JwtSessionRevocation));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
