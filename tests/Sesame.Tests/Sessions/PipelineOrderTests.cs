using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Sessions;

/// <summary>
/// What the README tells database-session apps: ASP.NET Core adds authentication ahead of the app's own middleware when
/// the app does not call it, so every request with a session cookie reads the session, assets included; static files
/// placed before an explicit <c>UseAuthentication()</c> do not.
/// </summary>
public sealed class PipelineOrderTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("sesame-static-").FullName;

    public PipelineOrderTests() => File.WriteAllText(Path.Combine(_webRoot, "site.css"), "body{}");

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task StaticFile_WithSessionCookie_ReadsTheSessionUnlessServedBeforeAuthentication(bool explicitOrder, int expectedReads)
    {
        var reads = 0;
        await using var app = await TestApp.StartAsync(
            options => options.Callbacks.OnJwt = _ =>
            {
                Interlocked.Increment(ref reads);
                return Task.CompletedTask;
            },
            map: app =>
            {
                app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(_webRoot) });
                if (explicitOrder)
                {
                    app.UseAuthentication();
                    app.UseAuthorization();
                }
            });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        Interlocked.Exchange(ref reads, 0);

        using var response = await client.GetAsync("/site.css");

        Assert.Equal("body{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(expectedReads, Volatile.Read(ref reads));
    }

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);
}
