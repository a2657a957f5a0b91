using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Sesame.Cookies;

namespace Sesame.Tests.Cookies;

/// <summary>The lookup-only cookie view must answer every lookup exactly as ASP.NET Core's own cookie parsing does.</summary>
public sealed class HeaderRequestCookiesTests
{
    private static readonly string[] Names = ["", "next-auth.session-token", "NEXT-AUTH.SESSION-TOKEN", "next-auth.session-token.0", "next-auth.csrf-token", "next-auth.callback-url", "a", "b", "%61", "x"];

    [Theory]
    [InlineData("next-auth.session-token=abc.def; next-auth.csrf-token=1%7C2; next-auth.callback-url=http%3A%2F%2Flocalhost%3A3000")]
    [InlineData("a=1;b=2")]
    [InlineData("a=1; A=2")]
    [InlineData("a=1; b=2; a=3")]
    [InlineData("a==1; b=x=y")]
    [InlineData("a=%zz; b=%E9; x=%C3%A9")]
    [InlineData("a=\"quoted\"; b=2")]
    [InlineData("a=; b=2")]
    [InlineData(" a=1")]
    [InlineData("a=1 ; b=2")]
    [InlineData("a=1;  b=2")]
    [InlineData("a=1;")]
    [InlineData("a=1; ")]
    [InlineData("a=1, b=2")]
    [InlineData("a=1;;b=2")]
    [InlineData("a b=1; b=2")]
    [InlineData("a=1 2; b=3")]
    [InlineData("a=é; b=2")]
    [InlineData("=1; b=2")]
    [InlineData("a; b=2")]
    [InlineData("%61=1")]
    [InlineData("")]
    public void TryGetValue_AnyHeader_AnswersAsTheFramework(string header) => AssertSameAsFramework(header);

    [Fact]
    public void TryGetValue_EmptyValue_IsNoCookie_AsForTheFramework()
    {
        Assert.False(HeaderRequestCookies.Of(Context("a=; b=2")).TryGetValue("a", out _));
        Assert.False(Context("a=; b=2").Request.Cookies.TryGetValue("a", out _));
    }

    [Fact]
    public void TryGetValue_NullName_Throws() =>
        Assert.Throws<ArgumentNullException>("key", () => HeaderRequestCookies.Of(Context("a=1")).TryGetValue(null!, out _));

    [Fact]
    public void NullHeaderField_IsNoCookie_AsForTheFramework()
    {
        // a test host or a middleware can set a field that is null; Kestrel never does
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = new StringValues(new string?[] { null });
        var cookies = HeaderRequestCookies.Of(context);

        Assert.False(cookies.TryGetValue("a", out _));
        Assert.Equal(HeaderRequestCookies.Lookup.Absent, cookies.TryGetRaw("a", out _));
        Assert.Empty(cookies.SentSessionCookieNames("a", 32));
    }

    [Fact]
    public void TryGetValue_ManyCookies_AnswersAsTheFramework() =>
        AssertSameAsFramework(string.Join("; ", Enumerable.Range(0, 40).Select(i => (i % 9 == 0 ? "a" : "c" + i) + "=v" + i)));

    [Fact]
    public void TryGetRaw_PlainHeader_GivesTheValueAsSent()
    {
        var context = Context("a=1%7C2; b=x");
        var cookies = HeaderRequestCookies.Of(context);

        Assert.Equal(HeaderRequestCookies.Lookup.Found, cookies.TryGetRaw("A", out var raw));
        Assert.Equal("1%7C2", raw.ToString());
        Assert.Equal(HeaderRequestCookies.Lookup.Absent, cookies.TryGetRaw("c", out _));
        context.Request.Headers.Cookie = "a=\"1\"";
        Assert.Equal(HeaderRequestCookies.Lookup.Unknown, cookies.TryGetRaw("a", out _));
    }

    [Fact]
    public void TryGetValue_SeveralHeaderValues_AnswersAsTheFramework() =>
        AssertSameAsFramework(new StringValues(["a=1; b=2", "", "A=3", "x=\"4\""]));

    [Fact]
    public void TryGetValue_RandomHeaders_AnswerAsTheFramework()
    {
        const string Alphabet = "abAB.-_=;, \"%7Cé\t!#$&'()*+/:<>?@[]^`{|}~0123456789";
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var pairs = new List<string>();
            for (var p = random.Next(0, 5); p > 0; p--)
            {
                var value = new string(Enumerable.Range(0, random.Next(0, 8)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
                pairs.Add(Names[random.Next(Names.Length)] + (random.Next(8) == 0 ? "" : "=") + value);
            }

            var separator = random.Next(4) switch { 0 => ";", 1 => ", ", _ => "; " };
            AssertSameAsFramework(string.Join(separator, pairs));
        }
    }

    [Fact]
    public void TryGetValue_RandomWellFormedHeaders_AnswerAsTheFramework()
    {
        // only cookie-octets in values, so these headers take the header-reading path
        const string Octets = "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~%7C%41%e9";
        var random = new Random(12);
        for (var i = 0; i < 20_000; i++)
        {
            var pairs = new List<string>();
            for (var p = random.Next(1, 6); p > 0; p--)
            {
                var value = new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => Octets[random.Next(Octets.Length)]).ToArray());
                pairs.Add(Names[random.Next(Names.Length)] + "=" + value);
            }

            AssertSameAsFramework(string.Join(random.Next(2) == 0 ? ";" : "; ", pairs));
        }
    }

    [Fact]
    public void Enumeration_AndCount_AreTheFrameworks()
    {
        var context = Context("a=1; b=%7C; a=3");
        var cookies = HeaderRequestCookies.Of(context);

        Assert.Equal("3", cookies["A"]);
        Assert.Equal(2, cookies.Count);
        Assert.Equal(["a", "b"], cookies.Keys);
        Assert.Equal([new("a", "3"), new("b", "|")], cookies.ToList());
        Assert.Equal("3", context.Request.Cookies["a"]);
    }

    [Fact]
    public void Of_IsSesamesOwnView_TheAppsRequestCookiesStayTheFrameworks()
    {
        var context = Context("a=1");

        var cookies = HeaderRequestCookies.Of(context);

        Assert.Same(cookies, HeaderRequestCookies.Of(context));
        Assert.IsNotType<HeaderRequestCookies>(context.Request.Cookies);
        Assert.Equal("1", context.Request.Cookies["a"]);
    }

    [Fact]
    public void SentSessionCookieNames_EverySpellingAndChunkAcrossHeaderFields_EachOnceAndBounded()
    {
        var context = Context(new StringValues(["next-auth.session-token=a; NEXT-AUTH.SESSION-TOKEN=b; other=c", "Next-Auth.Session-Token.0=d; next-auth.session-token=e; next-auth.session-token.x=f"]));
        var many = Context(string.Join("; ", Enumerable.Range(0, 1034).Select(i => $"next-auth.session-token.{i}=x")));

        var names = HeaderRequestCookies.Of(context).SentSessionCookieNames("next-auth.session-token", 32);
        var bounded = HeaderRequestCookies.Of(many).SentSessionCookieNames("next-auth.session-token", 32);

        Assert.Equal(["next-auth.session-token", "NEXT-AUTH.SESSION-TOKEN", "Next-Auth.Session-Token.0"], names);
        Assert.Equal(32, bounded.Count);
    }

    [Fact]
    public void Lookup_HeaderChangedAfterFirstRead_SeesTheNewHeader()
    {
        var context = Context("a=1");
        var cookies = HeaderRequestCookies.Of(context);
        Assert.Equal("1", cookies["a"]);

        context.Request.Headers.Cookie = "a=2";

        Assert.Equal("2", cookies["a"]);
    }

    private static void AssertSameAsFramework(StringValues header)
    {
        var expected = Context(header).Request.Cookies;
        var actual = HeaderRequestCookies.Of(Context(header));
        foreach (var name in Names.Concat(expected.Keys))
        {
            var found = actual.TryGetValue(name, out var value);
            Assert.True(expected.TryGetValue(name, out var frameworkValue) == found, $"{header} [{name}]");
            Assert.True(frameworkValue == value, $"{header} [{name}]: {frameworkValue} / {value}");
        }
    }

    private static DefaultHttpContext Context(StringValues header)
    {
        var context = new DefaultHttpContext();
        if (!StringValues.IsNullOrEmpty(header))
        {
            context.Request.Headers.Cookie = header;
        }

        return context;
    }
}
