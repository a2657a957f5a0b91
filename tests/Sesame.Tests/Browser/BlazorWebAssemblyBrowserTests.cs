using Microsoft.Playwright;
using Sesame.Testing;

namespace Sesame.Tests.Browser;

/// <summary>
/// The sample's interactive WebAssembly page (/blazor/wasm, samples/Sesame.Sample.Client): AuthorizeView fed by
/// Sesame.Blazor.WebAssembly in the browser, which re-reads GET /api/auth/session every second here (database sessions,
/// so they can be revoked).
/// </summary>
public sealed class BlazorWebAssemblyBrowserTests(BlazorBrowserFixture fixture) : IClassFixture<BlazorBrowserFixture>
{
    [RequiresFact(Requirement.Chromium)]
    public async Task AuthorizeView_InWebAssembly_ShowsTheSignedInAdmin_AndSignsOutWhenTheSessionIsRevoked()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/blazor/wasm");
        await Assertions.Expect(page.GetByTestId("render")).ToHaveTextAsync("webassembly", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("unauthenticated");

        await SignInAsync(page, "admin");
        await page.GotoAsync("/blazor/wasm");
        await Assertions.Expect(page.GetByTestId("render")).ToHaveTextAsync("webassembly", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("authenticated");
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Admin User");
        await Assertions.Expect(page.GetByTestId("admin-panel")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "blazor-wasm-signed-in-admin");

        // revoke every session of the user through the sample's API (with the CSRF token), not through the page
        var status = await page.EvaluateAsync<int>("""
            async () => {
              const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
              const response = await fetch("/api/sessions/revoke-all", { method: "POST", headers: { "X-CSRF-Token": csrfToken } });
              return response.status;
            }
            """);
        Assert.Equal(200, status);

        // the WebAssembly app re-reads the session every second: the page follows without a reload
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("unauthenticated", new() { Timeout = 5_000 });
        Assert.False(await page.GetByTestId("admin-panel").IsVisibleAsync());
        Assert.Equal("webassembly", await page.GetByTestId("render").TextContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "blazor-wasm-revoked");
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task AuthorizeView_InWebAssembly_ForANonAdmin_HidesTheAdminElement_AndStaysSignedIn()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "demo");

        await page.GotoAsync("/blazor/wasm");
        await Assertions.Expect(page.GetByTestId("render")).ToHaveTextAsync("webassembly", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Demo User");

        await Task.Delay(TimeSpan.FromSeconds(3)); // three revalidations of a live session
        Assert.Equal("authenticated", await page.GetByTestId("status").TextContentAsync());
        Assert.False(await page.GetByTestId("admin-panel").IsVisibleAsync());
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
