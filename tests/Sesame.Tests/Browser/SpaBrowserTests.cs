using Microsoft.Playwright;
using Sesame.Testing;

namespace Sesame.Tests.Browser;

/// <summary>The React SPA at /spa/: next-auth/react 4.24.15, unchanged, against Sesame on the same origin.</summary>
public sealed class SpaBrowserTests(BrowserFixture fixture) : ClientPageTests(fixture), IClassFixture<BrowserFixture>
{
    protected override string HomePath => "/spa/";

    protected override string ProtectedPath => "/spa/protected";

    protected override string Name => "spa";

    [RequiresFact(Requirement.Chromium)]
    public async Task SignIn_WithTheDefaultRedirect_NavigatesToTheCallbackUrlSignedIn()
    {
        await using var context = await Fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);
        await Expect(page, "status", "unauthenticated");

        await page.GetByTestId("username").FillAsync("demo");
        await page.GetByTestId("password").FillAsync("demo-password");
        await page.GetByTestId("sign-in-redirect").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(Fixture.App.Address, "/spa/?signed-in=redirect").ToString());
        await Expect(page, "status", "authenticated");
        await Expect(page, "user-name", "Demo User");
    }

    [RequiresFact(Requirement.Chromium)]
    public async Task SignIn_WithTheDefaultRedirectAndAWrongPassword_LandsOnTheErrorPage()
    {
        await using var context = await Fixture.NewContextAsync();
        var page = await OpenHomeAsync(context);
        await Expect(page, "status", "unauthenticated");

        await page.GetByTestId("username").FillAsync("demo");
        await page.GetByTestId("password").FillAsync("wrong-password");
        await page.GetByTestId("sign-in-redirect").ClickAsync();

        // next-auth's redirect on a failed credentials sign-in: the sign-in page with error=CredentialsSignin
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/api/auth/signin\\?.*error=CredentialsSignin"));
    }
}
