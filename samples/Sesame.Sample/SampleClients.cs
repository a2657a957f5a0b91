using System.Net;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Sesame.Sample;

/// <summary>
/// The browser clients on the sample's origin: the plain-HTML page of the @sesame client at <c>/client/</c> (wwwroot)
/// and the React SPA with next-auth/react at <c>/spa/</c> (samples/Sesame.Spa, built by scripts/install-prereqs.sh).
/// </summary>
internal static class SampleClients
{
    public const string SpaPath = "/spa";

    public static void Map(WebApplication app, IConfiguration configuration)
    {
        // wwwroot, the Sesame package's static web assets (/_content/Sesame/sesame.js) and Blazor's script (/_framework),
        // served only under their own prefixes: MapStaticAssets' endpoints cost every request of the app, session reads
        // included, about 1 KB and 2 µs (benchmarks/README.md, issue 9).
        var contentTypes = new FileExtensionContentTypeProvider();
        contentTypes.Mappings[".ts"] = "application/typescript"; // sesame.d.ts; the default is MPEG transport stream
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments("/_content") || http.Request.Path.StartsWithSegments("/_framework") ||
                    http.Request.Path.StartsWithSegments("/client"),
            branch => branch.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = contentTypes }));
        // Routing ignores a trailing slash, so one endpoint answers both /client and /client/ (relative URLs need the slash).
        app.MapGet("/client", (HttpContext http, IWebHostEnvironment environment) => WithSlash(http) ??
            Results.File(environment.WebRootFileProvider.GetFileInfo("client/index.html").CreateReadStream(), "text/html; charset=utf-8"));

        var dist = FindSpaDist(configuration, app.Environment);
        if (dist is null)
        {
            // A fresh machine may not have built the SPA: say how, rather than a bare 404.
            app.MapGet(SpaPath + "/{**path}", (HttpContext http) => WithSlash(http) ?? Results.Content(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SPA not built</title></head><body>" +
                "<h1>The React SPA is not built</h1><p>Run <code>npm ci &amp;&amp; npm run build</code> in <code>samples/Sesame.Spa</code> " +
                "(or <code>bash scripts/install-prereqs.sh</code>), then restart the sample. The plain-HTML client is at <a href=\"/client/\">/client/</a>.</p></body></html>",
                "text/html; charset=utf-8",
                statusCode: (int)HttpStatusCode.NotFound));
            return;
        }

        app.Logger.LogInformation("Serving the React SPA at {Path}/ from {Folder}", SpaPath, dist);
        var files = new PhysicalFileProvider(dist);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = SpaPath });

        // Client-side routes (no file extension) get the app's page; assets are served by the static files above.
        var index = Path.Combine(dist, "index.html");
        app.MapGet(SpaPath + "/{**path:nonfile}", (HttpContext http) => WithSlash(http) ?? Results.File(index, "text/html; charset=utf-8"));
    }

    /// <summary>A redirect from the bare prefix (/spa, /client) to its folder, or null when the path is already one.</summary>
    private static IResult? WithSlash(HttpContext http) =>
        http.Request.Path.Value is "/spa" or "/client" ? Results.Redirect(http.Request.Path.Value + "/" + http.Request.QueryString) : null;

    /// <summary>Sample:SpaDist, else samples/Sesame.Spa/dist above the content root or the binaries.</summary>
    private static string? FindSpaDist(IConfiguration configuration, IWebHostEnvironment environment)
    {
        if (configuration["Sample:SpaDist"] is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in new[] { environment.ContentRootPath, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "Sesame.Spa", "dist"), Path.Combine(dir.FullName, "samples", "Sesame.Spa", "dist") })
                {
                    if (File.Exists(Path.Combine(candidate, "index.html")))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }
}
