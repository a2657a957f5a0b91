using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The host of a local stand-in for an identity provider (<see cref="GitHubStandIn"/>, <see cref="DiscordStandIn"/>,
/// <see cref="MisbehavingIssuer"/>): real Kestrel on a free loopback port, no logging, the stand-in's endpoints.
/// </summary>
internal sealed class StandInServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInServer(WebApplication app, Uri origin) => (_app, Origin) = (app, origin);

    /// <summary>Where the stand-in listens: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Origin { get; }

    public static async Task<StandInServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new StandInServer(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    /// <summary>
    /// The client's id and secret at a token endpoint: from an <c>Authorization: Basic</c> header (each part
    /// form-url-decoded, RFC 6749 §2.3.1) when there is one, else from the form; and which of the two it was.
    /// </summary>
    public static (string Id, string Secret, bool Basic) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return (form["client_id"].ToString(), form["client_secret"].ToString(), false);
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
        return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair.ElementAtOrDefault(1) ?? ""), true);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
