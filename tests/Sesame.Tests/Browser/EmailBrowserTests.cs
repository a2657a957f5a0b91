using Microsoft.Playwright;
using Sesame.Testing;
using Sesame.Tests.Email;

namespace Sesame.Tests.Browser;

/// <summary>The sample with e-mail sign-in on, sending to a real SMTP server, and Chromium to read the mail.</summary>
public sealed class EmailBrowserFixture : BrowserFixture, IAsyncLifetime
{
    internal SmtpTestServer Smtp { get; } = new();

    protected override IDictionary<string, string?> Environment
    {
        get
        {
            var environment = base.Environment;
            environment["EMAIL_SERVER"] = Smtp.Url;
            environment["EMAIL_FROM"] = "Sesame Sample <no-reply@example.com>";
            environment["ConnectionStrings__Sesame"] = $"Data Source={DatabasePath};Pooling=False";
            return environment;
        }
    }

    private string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"sesame-browser-email-{Guid.NewGuid():N}.db");

    // the SMTP server first: the sample's environment names its port
    async Task IAsyncLifetime.InitializeAsync()
    {
        await Smtp.InitializeAsync();
        await InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(DatabasePath);
    }
}

/// <summary>The sign-in mail as a person sees it: asked for on the sign-in page, rendered by Chromium, its button followed.</summary>
public sealed class EmailBrowserTests(EmailBrowserFixture fixture) : IClassFixture<EmailBrowserFixture>
{
    [RequiresFact(Requirement.Chromium)]
    public async Task SignInMail_RenderedInChromium_ShowsTheAddressAsTextAndItsButtonSignsIn()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        // ' and & are allowed in an address; were the HTML part not encoded, "&amp" would show as "&"
        var address = $"o'brien&amp-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync("/api/auth/signin");
        await page.FillAsync("input[name=email]", address);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Email" }).ClickAsync();
        // the POST sends the mail before it redirects: allow a slow SMTP round trip on a busy machine (seen once: 10 s)
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/api/auth/verify-request", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Check your email");

        var mail = await context.NewPageAsync();
        await mail.SetContentAsync(fixture.Smtp.LatestTo(address).HtmlBody ?? "");
        await BrowserFixture.ScreenshotAsync(mail, "email-sign-in-message");
        Assert.Equal(address, await mail.Locator("#address").InnerTextAsync());
        Assert.Equal(0, await mail.Locator("#address *").CountAsync());

        await mail.Locator("#sign-in").ClickAsync();
        await mail.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/api/auth/", StringComparison.Ordinal));
        var session = await mail.EvaluateAsync<string>("() => fetch('/api/auth/session').then(r => r.text())");
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(address), session, StringComparison.Ordinal);
    }
}
