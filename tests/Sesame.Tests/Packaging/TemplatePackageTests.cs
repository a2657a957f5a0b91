using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Sample;

namespace Sesame.Tests.Packaging;

/// <summary>
/// What a new user does: pack every package, install the template from its package, create an app, restore it with the
/// packed folder as the only source of Sesame packages, build it, run it and sign in through it over HTTP.
/// </summary>
public sealed class TemplatePackageTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task SesameAppTemplate_FromPackedPackages_BuildsRunsAndSignsIn()
    {
        var work = Directory.CreateTempSubdirectory("sesame-template-").FullName;
        // a version no earlier run made, so the machine's package cache cannot answer for the folder
        var suffix = "test" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var version = "0.1.0-" + suffix;
        var feed = Path.Combine(work, "feed");
        var globalPackages = await GlobalPackagesFolderAsync(work);
        try
        {
            // built under an artifacts folder of the run's own: the checkout's bin/ and obj/ (restore files included),
            // which other builds and test projects use meanwhile, stay as they are
            var artifacts = Path.Combine(work, "artifacts");
            foreach (var project in PackableProjects())
            {
                await DotnetAsync(Requirements.RepositoryRoot, "pack", project, "-o", feed, "--artifacts-path", artifacts, "-p:VersionSuffix=" + suffix, "--nologo");
            }

            foreach (var package in new[] { "Sesame", "Sesame.EntityFrameworkCore", "Sesame.StackExchangeRedis", "Sesame.Testing", "Sesame.Blazor", "Sesame.Blazor.WebAssembly", "Sesame.Tool" })
            {
                Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.nupkg")), $"{package}.{version}.nupkg was not packed");
                Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.snupkg")), $"{package}.{version}.snupkg was not packed");
            }

            // the template is installed into a hive of its own, not the machine's
            var hive = Path.Combine(work, "hive");
            await DotnetAsync(work, "new", "install", Path.Combine(feed, $"Sesame.Templates.{version}.nupkg"), "--debug:custom-hive", hive);
            var app = Path.Combine(work, "app");
            await DotnetAsync(work, "new", "sesame-app", "-o", app, "-n", "TemplateApp", "--provider", "credentials", "--session", "jwt", "--debug:custom-hive", hive);
            Assert.Contains($"Include=\"Sesame\" Version=\"{version}\"", await File.ReadAllTextAsync(Path.Combine(app, "TemplateApp.csproj")), StringComparison.Ordinal);

            await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"), NuGetConfig(feed, await MachineSourcesAsync(work)));

            // the tool installs from its package and runs as `sesame`
            var tools = Path.Combine(work, "tools");
            await DotnetAsync(work, "tool", "install", "Sesame.Tool", "--version", version, "--tool-path", tools);
            var secret = await CommandLine.RunAsync(Path.Combine(tools, "sesame"), ["secret"], work, CommandTimeout, ChildEnvironment());
            Assert.True(secret.ExitCode == 0, secret.ToString());
            Assert.Equal(32, Convert.FromBase64String(secret.StandardOutput.Trim()).Length);
            await DotnetAsync(app, "build", "--nologo");

            // the other choices of both options make an app that builds too (it needs an OpenID Connect provider to run)
            var other = Path.Combine(work, "other");
            await DotnetAsync(work, "new", "sesame-app", "-o", other, "-n", "OtherApp", "--provider", "oidc", "--session", "database", "--debug:custom-hive", hive);
            Assert.Contains($"Include=\"Sesame.EntityFrameworkCore\" Version=\"{version}\"", await File.ReadAllTextAsync(Path.Combine(other, "OtherApp.csproj")), StringComparison.Ordinal);
            await DotnetAsync(other, "build", "--nologo");

            await using var running = await RunningApp.StartAsync(Path.Combine(app, "bin", "Debug", "net10.0", "TemplateApp.dll"), "the-demo-password");
            using var client = new SesameTestClient(running.Address);

            using (var anonymous = await client.GetAsync("/api/me"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            using (var wrong = await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "not-it")]))
            {
                Assert.Contains("error=CredentialsSignin", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (var signIn = await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "the-demo-password")]))
            {
                Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            }

            Assert.Contains(client.Cookies.Keys, name => name.EndsWith("session-token", StringComparison.Ordinal));
            var session = await client.GetSessionAsync();
            Assert.Equal("Demo User", (string?)session?["user"]?["name"]);
            using var me = await client.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Equal("demo@example.com", (string?)JsonNode.Parse(await me.Content.ReadAsStringAsync())?["user"]?["email"]);
        }
        finally
        {
            // the packages this run put into the machine's cache go with it
            foreach (var package in Directory.Exists(globalPackages) ? Directory.GetDirectories(globalPackages, "sesame*") : [])
            {
                var versioned = Path.Combine(package, version);
                if (Directory.Exists(versioned))
                {
                    Directory.Delete(versioned, recursive: true);
                }
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static IEnumerable<string> PackableProjects() =>
        Directory.GetDirectories(Path.Combine(Requirements.RepositoryRoot, "src"))
            .SelectMany(directory => Directory.GetFiles(directory, "*.csproj"))
            .Append(Path.Combine(Requirements.RepositoryRoot, "templates", "Sesame.Templates.csproj"))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Sesame's packages from the packed folder only (package source mapping); everything else (EF Core, MailKit, …) from
    /// the sources this machine's NuGet is configured with.
    /// </summary>
    private static string NuGetConfig(string feed, IReadOnlyList<string> machineSources)
    {
        var config = new StringBuilder();
        config.AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        config.AppendLine("<configuration>");
        config.AppendLine("  <packageSources>");
        config.AppendLine("    <clear />");
        config.AppendLine($"    <add key=\"sesame-packed\" value=\"{feed}\" />");
        for (var i = 0; i < machineSources.Count; i++)
        {
            config.AppendLine($"    <add key=\"machine-{i}\" value=\"{WebUtility.HtmlEncode(machineSources[i])}\" />");
        }

        config.AppendLine("  </packageSources>");
        config.AppendLine("  <packageSourceMapping>");
        config.AppendLine("    <packageSource key=\"sesame-packed\"><package pattern=\"Sesame\" /><package pattern=\"Sesame.*\" /></packageSource>");
        for (var i = 0; i < machineSources.Count; i++)
        {
            config.AppendLine($"    <packageSource key=\"machine-{i}\"><package pattern=\"*\" /></packageSource>");
        }

        config.AppendLine("  </packageSourceMapping>");
        config.AppendLine("</configuration>");
        return config.ToString();
    }

    /// <summary>The enabled package sources of this machine's NuGet configuration (`dotnet nuget list source`).</summary>
    private static async Task<IReadOnlyList<string>> MachineSourcesAsync(string directory)
    {
        var listing = await DotnetAsync(directory, "nuget", "list", "source", "--format", "short");
        var sources = listing.StandardOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToList();
        Assert.True(sources.Count > 0, "this machine's NuGet has no enabled package source:\n" + listing);
        return sources;
    }

    private static async Task<string> GlobalPackagesFolderAsync(string directory)
    {
        var listing = await DotnetAsync(directory, "nuget", "locals", "global-packages", "--list");
        return listing.StandardOutput.Trim()["global-packages:".Length..].Trim();
    }

    private static async Task<CommandResult> DotnetAsync(string directory, params string[] arguments)
    {
        var result = await CommandLine.RunAsync("dotnet", arguments, directory, CommandTimeout, ChildEnvironment());
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed: {result}");
        return result;
    }

    /// <summary>
    /// The test host's MSBuild variables would point the child builds at the running test's build; a child dotnet
    /// starts clean.
    /// </summary>
    private static Dictionary<string, string?> ChildEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                environment[name] = null;
            }
        }

        return environment;
    }

    /// <summary>The created app as a process on 127.0.0.1, configured as in production (AUTH_SECRET, AUTH_URL).</summary>
    private sealed class RunningApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private RunningApp(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<RunningApp> StartAsync(string assembly, string password)
        {
            var address = new Uri($"http://127.0.0.1:{SampleProcess.FreePort()}");
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(assembly)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(assembly);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add(address.ToString().TrimEnd('/'));
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["AUTH_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            info.Environment["AUTH_URL"] = address.ToString().TrimEnd('/');
            info.Environment["DEMO_PASSWORD"] = password;
            info.Environment.Remove("NEXTAUTH_SECRET");
            info.Environment.Remove("NEXTAUTH_URL");
            info.Environment.Remove("ASPNETCORE_URLS");
            var app = new RunningApp(Process.Start(info)!, address);
            app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
            app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
            app._process.BeginOutputReadLine();
            app._process.BeginErrorReadLine();
            await app.WaitUntilReadyAsync();
            return app;
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private async Task WaitUntilReadyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var stopwatch = Stopwatch.StartNew();
            while (stopwatch.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{Output}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri(Address, "/api/auth/providers"));
                    if (response.StatusCode == HttpStatusCode.OK && Output.Contains("Now listening on: " + Address.ToString().TrimEnd('/'), StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(200);
            }

            throw new TimeoutException("The app did not start in 60 s:\n" + Output);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
