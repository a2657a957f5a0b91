using System.Globalization;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

var builder = WebAssemblyHostBuilder.CreateDefault(args);

// One setting for both Blazor sides: the host's Blazor:RevalidationInterval, which it also gives its server circuits.
using (var host = new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) })
{
    var interval = TimeSpan.Parse(await host.GetStringAsync("blazor/client-settings/revalidation-interval"), CultureInfo.InvariantCulture);
    builder.Services.AddSesameWebAssembly(sesame => sesame.RevalidationInterval = interval);
}

await builder.Build().RunAsync();
