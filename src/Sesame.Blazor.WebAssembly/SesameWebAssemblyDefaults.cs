namespace Sesame.Blazor.WebAssembly;

/// <summary>Names the WebAssembly package registers.</summary>
public static class SesameWebAssemblyDefaults
{
    /// <summary>
    /// The named <see cref="HttpClient"/> (<c>IHttpClientFactory</c>) the session is read with, to add a handler to it
    /// with <c>services.AddHttpClient(SesameWebAssemblyDefaults.HttpClientName)…</c>.
    /// </summary>
    public const string HttpClientName = "Sesame.Blazor.WebAssembly";

    /// <summary>The authentication type of a signed-in user's identity, as on the server.</summary>
    public const string AuthenticationType = "Sesame";
}
