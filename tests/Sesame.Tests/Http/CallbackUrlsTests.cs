using Sesame.Http;

namespace Sesame.Tests.Http;

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

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("https://app.example.com")]
    [InlineData("http://127.0.0.1:5400")]
    [InlineData("http://[::1]:8080")]
    public void IsValid_TrustedOrigin_AgreesWithParsing(string origin)
    {
        const string UriCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";
        var random = new Random(origin.Length);
        var samples = new List<string>
        {
            origin, origin + "/", origin + "?", origin + "#", origin + "/%", origin + "/%zz", origin + "/[", origin + "?[]", origin + "/..",
            origin + "@evil.example", origin + ".evil.example", origin + ":1", origin + " /x", origin + "/x y", origin + "/\\x",
            origin + "/é", origin + "/\u0000", origin + "/" + new string('a', 9000), origin[..^1],
        };
        for (var i = 0; i < 20_000; i++)
        {
            var tail = new char[random.Next(0, 40)];
            for (var j = 0; j < tail.Length; j++)
            {
                tail[j] = random.Next(10) == 0 ? (char)random.Next(0, 256) : UriCharacters[random.Next(UriCharacters.Length)];
            }

            samples.Add(origin + "/?#"[random.Next(3)] + new string(tail));
        }

        foreach (var url in samples)
        {
            Assert.True(CallbackUrls.IsValid(url) == CallbackUrls.IsValid(url, origin), url);
        }
    }

    [Fact]
    public void ForHeader_EscapesNonAsciiAndSpacesAndRefusesControls()
    {
        Assert.Equal("https://a.example/%C3%A9%20x", CallbackUrls.ForHeader("https://a.example/é x"));
        Assert.Null(CallbackUrls.ForHeader("https://a.example/\u0001"));
    }

    [Fact]
    public void ForHeader_ShortNonAsciiTarget_IsEscaped() =>
        Assert.Equal("/%C3%A9", CallbackUrls.ForHeader("/é"));

    [Fact]
    public void Default_UrlOfTheLongestLength_IsFollowed_OneLonger_GoesToTheOrigin()
    {
        const string Origin = "http://localhost:3000";
        var longest = Origin + "/" + new string('a', CallbackUrls.MaxCallbackUrlLength - Origin.Length - 1);
        Assert.Equal(longest, CallbackUrls.Default(longest, Origin));
        Assert.Equal(Origin, CallbackUrls.Default(longest + "a", Origin));
    }

    [Theory]
    [InlineData("HTTP://LOCALHOST:3000/dashboard", "HTTP://LOCALHOST:3000/dashboard")] // the origin in other case: kept, as next-auth's URL.origin compares
    [InlineData("http://LocalHost:3000/", "http://LocalHost:3000/")]
    [InlineData("https://localhost:3000/dashboard", "http://localhost:3000")] // the scheme is part of the origin
    [InlineData("http://user@localhost:3000/", "http://localhost:3000")]
    public void Default_OnAnHttpOrigin_ComparesSchemeHostAndPortWithoutCase(string url, string expected) =>
        // An http origin (a development app) takes the parsing path for a case variant, where the scheme check must
        // accept http as well as https (a mutant accepting only https survived every https-origin case).
        Assert.Equal(expected, CallbackUrls.Default(url, "http://localhost:3000"));
}

