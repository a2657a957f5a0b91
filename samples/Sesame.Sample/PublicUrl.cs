namespace Sesame.Sample;

/// <summary>The sample's public URL and listen address when the environment gives none.</summary>
internal static class PublicUrl
{
    private const string Default = "http://localhost:3000";

    /// <summary>AUTH_URL / NEXTAUTH_URL win (Sesame reads them itself); otherwise the first listen URL, else localhost:3000.</summary>
    public static Uri? FromConfiguration(IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration["AUTH_URL"] ?? configuration["NEXTAUTH_URL"]))
        {
            return null;
        }

        var first = (configuration["urls"] ?? Default).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        // Kestrel's wildcard hosts are not addresses a browser can use.
        first = first.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return new Uri(first);
    }

    /// <summary>Where to listen when no URLs are configured: the public URL's port, on localhost.</summary>
    public static string ListenUrl(IConfiguration configuration)
    {
        var configured = configuration["AUTH_URL"] ?? configuration["NEXTAUTH_URL"];
        if (Uri.TryCreate(configured, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp)
        {
            return $"http://localhost:{url.Port}";
        }

        return Default;
    }
}
