using Microsoft.Playwright;
using Sesame.Testing;

namespace Sesame.Tests.Browser;

/// <summary>The sample in database mode (sessions can be revoked), its Blazor circuits revalidated every second.</summary>
public sealed class BlazorBrowserFixture : BrowserFixture
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"sesame-blazor-{Guid.NewGuid():N}.db");

    protected override IDictionary<string, string?> Environment
    {
        get
        {
            var environment = base.Environment;
            environment["Sesame__Session__Strategy"] = "database";
            environment["ConnectionStrings__Sesame"] = $"Data Source={_database}";
            environment["Blazor__RevalidationInterval"] = "00:00:01";
            environment["Blazor__WebAssembly"] = "true";
            return environment;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_database);
    }
}

/// <summary>The sample's Blazor page (/blazor): AuthorizeView fed by the Sesame session, in an interactive server circuit.</summary>
public sealed class BlazorBrowserTests(BlazorBrowserFixture fixture) : IClassFixture<BlazorBrowserFixture>
{
    [RequiresFact(Requirement.Chromium)]
    public async Task AuthorizeView_ShowsTheSignedInUser_AndSignsOutWhenTheSessionIsRevoked()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "admin");

        await page.GotoAsync("/blazor");
        await Assertions.Expect(page.GetByTestId("render")).ToHaveTextAsync("interactive");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("authenticated");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Admin User");
        await Assertions.Expect(page.GetByTestId("admin-panel")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "blazor-signed-in-admin");

        // revoke every session of the user from the server (the sample's API, with the CSRF token), not through the page
        var status = await page.EvaluateAsync<int>("""
            async () => {
              const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
              const response = await fetch("/api/sessions/revoke-all", { method: "POST", headers: { "X-CSRF-Token": csrfToken } });
              return response.status;
            }
            """);
        Assert.Equal(200, status);

        // the circuit re-reads its session every second: the page follows without a reload
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("unauthenticated", new() { Timeout = 5_000 });
        Assert.False(await page.GetByTestId("admin-panel").IsVisibleAsync());
        Assert.Equal("interactive", await page.GetByTestId("render").TextContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "blazor-revoked");
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task AuthorizeView_ForANonAdmin_HidesTheAdminElement_AndStaysSignedInAcrossRevalidations()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "demo");

        await page.GotoAsync("/blazor");
        await Assertions.Expect(page.GetByTestId("render")).ToHaveTextAsync("interactive");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Demo User");

        await Task.Delay(TimeSpan.FromSeconds(3)); // three revalidations of a live session
        Assert.Equal("authenticated", await page.GetByTestId("status").TextContentAsync());
        Assert.False(await page.GetByTestId("admin-panel").IsVisibleAsync());
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task AuthorizeView_Anonymous_ShowsTheSignInLink()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/blazor");

        await Assertions.Expect(page.GetByTestId("render")).ToHaveTextAsync("interactive");
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("unauthenticated");
    }

    // Sesame's own sign-in page, as a user would
    private static async Task SignInAsync(IPage page, string username)
    {
        await page.GotoAsync("/api/auth/signin?callbackUrl=%2F");
        await page.Locator("input[name=username]").FillAsync(username);
        await page.Locator("input[name=password]").FillAsync("demo-password");
        await page.Locator("form[action$='/callback/credentials'] button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(page.Url).GetLeftPart(UriPartial.Authority) + "/");
    }
}
