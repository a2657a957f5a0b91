using Microsoft.Extensions.DependencyInjection;

namespace Sesame;

/// <summary>Returned by <c>AddSesame</c>: providers and store packages extend it.</summary>
public sealed class SesameBuilder
{
    internal SesameBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }
}
