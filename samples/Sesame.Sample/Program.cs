using Sesame.Sample;

var builder = WebApplication.CreateBuilder(args);

// Listen where the public URL says when nothing else is configured, so that `dotnet run` works with no setup.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(PublicUrl.ListenUrl(builder.Configuration));
}

var app = await SampleApp.BuildAsync(builder);
await app.RunAsync();

/// <summary>The sample's entry point, visible to the tests that host it.</summary>
public partial class Program;
