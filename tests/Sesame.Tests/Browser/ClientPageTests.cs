using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sesame.Testing;

namespace Sesame.Tests.Browser;

/// <summary>
/// What a browser user sees on a page that reads the session from the client side: the React SPA (next-auth/react)
/// and the plain-HTML page (@sesame) run the same checks, as both mark their elements with the same data-testid.
/// </summary>
public abstract class ClientPageTests(BrowserFixture fixture)
{
    /// <summary>The page's home, e.g. /spa/.</summary>
    protected abstract string HomePath { get; }

    /// <summary>The page that requires a session (useSession({ required: true }) or its plain equivalent).</summary>
    protected abstract string ProtectedPath { get; }

    /// <summary>A short name for screenshots.</summary>
    protected abstract string Name { get; }

    protected BrowserFixture Fixture => fixture;

    [RequiresFact(Requirement.Chromium)]
    public async Task SignIn_ThroughTheForm_ShowsTheUserAndHidesTheAdminElement()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);
        await Expect(page, "status", "unauthenticated");

        await SignInAsync(page, "demo", "demo-password");

        await Expect(page, "user-name", "Demo User");
        Assert.Equal("demo@example.com", await page.GetByTestId("user-email").TextContentAsync());
        Assert.False(await page.GetByTestId("admin-panel").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, $"{Name}-signed-in-demo");
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task SignIn_AsAdmin_ShowsTheRoleGatedElement()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);

        await SignInAsync(page, "admin", "demo-password");

        await Expect(page, "user-name", "Admin User");
        await Assertions.Expect(page.GetByTestId("admin-panel")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, $"{Name}-signed-in-admin");
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task SignIn_WithAWrongPassword_ShowsTheErrorAndStaysSignedOut()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);
        await Expect(page, "status", "unauthenticated");

        await page.GetByTestId("username").FillAsync("demo");
        await page.GetByTestId("password").FillAsync("wrong-password");
        await page.GetByTestId("sign-in").ClickAsync();

        await Assertions.Expect(page.GetByTestId("error")).ToContainTextAsync("CredentialsSignin");
        Assert.Equal("unauthenticated", await page.GetByTestId("status").TextContentAsync());
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "next-auth.session-token");
        await BrowserFixture.ScreenshotAsync(page, $"{Name}-wrong-password");
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task Update_ANewName_IsShownAndSurvivesAReload()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);
        await SignInAsync(page, "demo", "demo-password");
        await Expect(page, "user-name", "Demo User");

        await page.GetByTestId("new-name").FillAsync("Renamed In " + Name);
        await page.GetByTestId("update").ClickAsync();
        await Expect(page, "user-name", "Renamed In " + Name);

        await page.ReloadAsync();
        await Expect(page, "status", "authenticated");
        await Expect(page, "user-name", "Renamed In " + Name);
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task SignOut_InOneTab_TheOtherTabFollowsWithinTwoSeconds()
    {
        await using var context = await fixture.NewContextAsync();
        var first = await OpenHomeAsync(context);
        await SignInAsync(first, "demo", "demo-password");
        var second = await OpenHomeAsync(context);
        await Expect(second, "status", "authenticated");

        var clock = Stopwatch.StartNew();
        await first.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(second.GetByTestId("status")).ToHaveTextAsync("unauthenticated", new() { Timeout = 2_000 });
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the other tab followed after {clock.ElapsedMilliseconds} ms");
        await BrowserFixture.ScreenshotAsync(second, $"{Name}-other-tab-signed-out");
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task ProtectedPage_Anonymous_GoesToTheSignInPageAndBackAfterSigningIn()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(ProtectedPath);

        // the page redirects from script after reading the session, so wait for the URL rather than a navigation
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/auth/signin\\?"));
        var callbackUrl = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["callbackUrl"];
        Assert.Equal(new Uri(fixture.App.Address, ProtectedPath).ToString(), callbackUrl);

        // Sesame's own sign-in page: its credentials form posts to /api/auth/callback/credentials, then comes back
        await page.Locator("input[name=username]").FillAsync("demo");
        await page.Locator("input[name=password]").FillAsync("demo-password");
        await page.Locator("form[action$='/callback/credentials'] button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(fixture.App.Address, ProtectedPath).ToString());
        await Expect(page, "user-name", "Demo User");
        await Assertions.Expect(page.GetByTestId("protected")).ToBeVisibleAsync();
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task WireDetails_ShowTheCsrfTokenAndTheProviders()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);

        await Assertions.Expect(page.GetByTestId("providers")).ToHaveTextAsync("credentials");
        // the first token of a fresh browser (GET /session sets the cookie too, as next-auth does, so the page may have
        // raced two); a later one is the cookie's
        await Assertions.Expect(page.GetByTestId("csrf")).ToHaveTextAsync(new Regex("^[0-9a-f]{12}…$"));
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "next-auth.csrf-token" && Regex.IsMatch(c.Value, "^[0-9a-f]{64}(%7C|\\|)[0-9a-f]{64}$"));
    }

    protected async Task<IPage> OpenHomeAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(HomePath);
        Assert.True(response is { Ok: true }, $"{HomePath} answered {response?.Status}: {await page.ContentAsync()}");
        return page;
    }

    protected static async Task SignInAsync(IPage page, string username, string password)
    {
        await Expect(page, "status", "unauthenticated");
        await page.GetByTestId("username").FillAsync(username);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page, "status", "authenticated");
    }

    protected static Task Expect(IPage page, string testId, string text) =>
        Assertions.Expect(page.GetByTestId(testId)).ToHaveTextAsync(text);
}
