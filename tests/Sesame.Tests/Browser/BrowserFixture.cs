using Microsoft.Playwright;
using Sesame.Testing;
using Sesame.Tests.Sample;

namespace Sesame.Tests.Browser;

/// <summary>
/// The sample app as a real process plus Debian's headless Chromium driven by Playwright, started once per test class.
/// Without Chromium the browser is not launched (the tests are skipped), except under CI=true, where launching fails
/// the tests loudly.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    internal SampleProcess App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output folder, kept as artifacts of the run.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "browser-artifacts");

    /// <summary>The sample's environment; derived fixtures change session settings.</summary>
    protected virtual IDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["AUTH_SECRET"] = "3pg2L52RgwEJVhA7LbO2W+kvxHz9Sv1aB2GcS8qaqRs=",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    public async Task InitializeAsync()
    {
        if (Requirements.SkipReason(Requirement.Chromium) is not null)
        {
            return;
        }

        App = SampleProcess.Start(Environment);
        await App.WaitUntilReadyAsync();
        Directory.CreateDirectory(ArtifactsDirectory);
        _playwright = await Playwright.CreateAsync();

        // Playwright gives every launch a fresh temporary profile (--user-data-dir); the flags keep Chromium off the
        // network (no updates, sync or QUIC probes) and working as root in a container.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser profile's context (own cookies and storage); its pages share them, like tabs.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 860, Height = 460 },
        });
        context.SetDefaultTimeout(10_000);
        return context;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

    public virtual async Task DisposeAsync()
    {
        if (_playwright is null)
        {
            return;
        }

        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}
