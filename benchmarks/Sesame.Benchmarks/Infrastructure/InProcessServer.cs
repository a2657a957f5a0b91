using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Sesame.Benchmarks.Infrastructure;

/// <summary>
/// An <see cref="IServer"/> without sockets: the host hands it the real application (hosting, middleware, endpoints)
/// as it would hand it to Kestrel, and <see cref="ProcessAsync"/> runs one request through it. What remains of a real
/// request is Kestrel's own work (parsing, writing headers and body to the socket), which is the same for every endpoint.
/// </summary>
internal sealed class InProcessServer : IServer
{
    private Func<IFeatureCollection, Task>? _process;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _process = async features =>
        {
            var context = application.CreateContext(features);
            try
            {
                await application.ProcessRequestAsync(context);
            }
            catch (Exception exception)
            {
                application.DisposeContext(context, exception);
                throw;
            }

            application.DisposeContext(context, null);
        };
        return Task.CompletedTask;
    }

    public Task ProcessAsync(IFeatureCollection features) =>
        (_process ?? throw new InvalidOperationException("The host has not started the server."))(features);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
