using Sesame;
using Sesame.Providers;
using Sesame.Providers.Credentials;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the credentials provider.</summary>
public static class SesameBuilderCredentialsExtensions
{
    /// <summary>Adds a credentials provider (next-auth's <c>CredentialsProvider</c>).</summary>
    public static SesameBuilder AddCredentials(this SesameBuilder builder, Action<CredentialsProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var provider = new CredentialsProvider();
        configure(provider);
        builder.Services.Configure<SesameOptions>(options => options.Providers.Add(provider));
        return builder;
    }
}
