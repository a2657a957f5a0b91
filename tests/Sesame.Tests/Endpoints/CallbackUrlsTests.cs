using Sesame.Endpoints;

namespace Sesame.Tests.Endpoints;

public sealed class CallbackUrlsTests
{
    private const string Origin = "https://app.example.com";

    [Theory]
    [InlineData("/dashboard", "https://app.example.com/dashboard")]
    [InlineData("/", "https://app.example.com/")]
    [InlineData("https://app.example.com/x?y=1", "https://app.example.com/x?y=1")]
    [InlineData("HTTPS://APP.EXAMPLE.COM/x", "HTTPS://APP.EXAMPLE.COM/x")]
    [InlineData("https://app.example.com:443/x", "https://app.example.com:443/x")]
    [InlineData("https://evil.example/x", Origin)]
    [InlineData("http://app.example.com/x", Origin)]
    [InlineData("https://app.example.com.evil.example/", Origin)]
    [InlineData("https://app.example.com@evil.example/", Origin)]
    [InlineData("https://user@app.example.com/", Origin)]
    [InlineData("//evil.example", "https://app.example.com//evil.example")]
    [InlineData("/\\evil.example", Origin)]
    [InlineData("/x\r\nSet-Cookie: a=b", Origin)]
    [InlineData("javascript:alert(1)", Origin)]
    [InlineData("data:text/html,hi", Origin)]
    [InlineData("evil", Origin)]
    [InlineData("", Origin)]
    public void Default_KeepsEveryDestinationOnTheOrigin(string url, string expected) =>
        Assert.Equal(expected, CallbackUrls.Default(url, Origin));

    [Theory]
    [InlineData("/x", true)]
    [InlineData("https://evil.example", true)]
    [InlineData("http://a", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("evil", false)]
    [InlineData("ftp://x", false)]
    public void IsValid_FollowsNextAuthConfigurationCheck(string url, bool expected) =>
        Assert.Equal(expected, CallbackUrls.IsValid(url));

    [Fact]
    public void ForHeader_EscapesNonAsciiAndSpacesAndRefusesControls()
    {
        Assert.Equal("https://a.example/%C3%A9%20x", CallbackUrls.ForHeader("https://a.example/é x"));
        Assert.Null(CallbackUrls.ForHeader("https://a.example/\u0001"));
    }
}
