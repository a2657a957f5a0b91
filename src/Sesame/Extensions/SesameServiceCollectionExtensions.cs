using Sesame;

// Public extension classes live in the framework's namespaces so that users find them without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Sesame.</summary>
public static class SesameServiceCollectionExtensions
{
    /// <summary>
    /// Adds Sesame: options (validated at start-up), the token codec, the session strategy, the endpoints' handlers and
    /// the authentication scheme that turns a session into <c>HttpContext.User</c>.
    /// </summary>
    public static SesameBuilder AddSesame(this IServiceCollection services, Action<SesameOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SesameOptions>().Configure(configure).ValidateOnStart();
        return new SesameBuilder(services);
    }
}
