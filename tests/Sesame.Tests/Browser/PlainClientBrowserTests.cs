using Microsoft.Playwright;
using Sesame.Testing;

namespace Sesame.Tests.Browser;

/// <summary>The plain-HTML page at /client/ with the @sesame client (/_content/Sesame/sesame.js).</summary>
public sealed class PlainClientBrowserTests(BrowserFixture fixture) : ClientPageTests(fixture), IClassFixture<BrowserFixture>
{
    protected override string HomePath => "/client/";

    protected override string ProtectedPath => "/client/protected.html";

    protected override string Name => "client";

    [RequiresFact(Requirement.Chromium)]
    public async Task Offline_AReadFails_KeepsTheSessionAndRetriesWhenBackOnline()
    {
        await using var context = await Fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);
        await SignInAsync(page, "demo", "demo-password");

        await context.SetOfflineAsync(true);
        await page.EvaluateAsync("() => window.sesame.getSession()");
        await Assertions.Expect(page.GetByTestId("offline")).ToBeVisibleAsync();
        Assert.Equal("authenticated", await page.GetByTestId("status").TextContentAsync());
        Assert.Equal("Demo User", await page.GetByTestId("user-name").TextContentAsync());
        await BrowserFixture.ScreenshotAsync(page, "client-offline");

        // back online: the retry (or the online event) reads again and clears the offline note, still signed in
        var reads = int.Parse((await page.GetByTestId("reads").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        await context.SetOfflineAsync(false);
        await Assertions.Expect(page.GetByTestId("reads")).Not.ToHaveTextAsync(reads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("offline")).ToBeHiddenAsync(new() { Timeout = 5_000 });
        Assert.Equal("authenticated", await page.GetByTestId("status").TextContentAsync());
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task SignOut_InANextAuthReactTab_ThisClientFollows_AndTheOtherWayRound()
    {
        await using var context = await Fixture.NewContextAsync();
        var plain = await OpenHomeAsync(context);
        await SignInAsync(plain, "demo", "demo-password");
        var spa = await context.NewPageAsync();
        await spa.GotoAsync("/spa/");
        await Expect(spa, "status", "authenticated");

        // next-auth/react announces its sign-out through localStorage ("nextauth.message"): our client follows
        await spa.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(plain.GetByTestId("status")).ToHaveTextAsync("unauthenticated", new() { Timeout = 2_000 });

        // and ours announces on the same key, so a next-auth/react tab follows us
        await spa.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/spa/");
        await SignInAsync(plain, "demo", "demo-password");
        await Assertions.Expect(spa.GetByTestId("status")).ToHaveTextAsync("authenticated", new() { Timeout = 2_000 });
        await plain.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(spa.GetByTestId("status")).ToHaveTextAsync("unauthenticated", new() { Timeout = 2_000 });
    }
}
