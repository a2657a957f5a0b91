namespace Sesame.Tests.Browser;

/// <summary>The React SPA at /spa/: next-auth/react 4.24.15, unchanged, against Sesame on the same origin.</summary>
public sealed class SpaBrowserTests(BrowserFixture fixture) : ClientPageTests(fixture), IClassFixture<BrowserFixture>
{
    protected override string HomePath => "/spa/";

    protected override string ProtectedPath => "/spa/protected";

    protected override string Name => "spa";
}
