using Microsoft.AspNetCore.Http;
using Sesame.Cookies;

namespace Sesame.Tests.Cookies;

public sealed class SessionCookieStoreTests
{
    private const string Name = "next-auth.session-token";

    private static readonly CookieSpec Spec = new(Name, "/", null, httpOnly: true, secure: false, SameSiteMode.Lax);

    [Theory]
    [InlineData(Name, true)]
    [InlineData(Name + ".0", true)]
    [InlineData(Name + ".12", true)]
    [InlineData(Name + ".", false)]
    [InlineData(Name + ".x", false)]
    [InlineData(Name + "-foo", false)]
    [InlineData(Name + ".0.1", false)]
    [InlineData("next-auth.session", false)]
    public void IsSessionCookieName_MatchesPlainNameAndNumberedChunksOnly(string candidate, bool expected) =>
        Assert.Equal(expected, SessionCookieStore.IsSessionCookieName(candidate, Name));

    [Fact]
    public void Read_NumberedChunks_AreConcatenatedInOrderAndWinOverPlainName()
    {
        var cookies = Cookies(("x" + Name, "junk"), (Name, "plain"), (Name + ".1", "BBB"), (Name + ".0", "AAA"), (Name + ".2", "CC"));

        Assert.Equal("AAABBBCC", SessionCookieStore.Read(cookies, Spec));
    }

    [Fact]
    public void Read_GapInChunks_StopsAtTheGap()
    {
        var cookies = Cookies((Name + ".0", "AAA"), (Name + ".1", "BBB"), (Name + ".3", "DDD"));

        Assert.Equal("AAABBB", SessionCookieStore.Read(cookies, Spec));
    }

    [Fact]
    public void Write_AnyToken_ResponseIsNoStore()
    {
        var context = Context();

        SessionCookieStore.Write(context, Spec, 4000, "token", expires: null);

        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public void Read_NoCookie_IsNull() => Assert.Null(SessionCookieStore.Read(Cookies(("other", "x")), Spec));

    [Fact]
    public void Write_TokenOverChunkSize_SplitsIntoChunksAndClearsStalePlainCookie()
    {
        var context = Context((Name, "old"));
        var spec = new CookieSpec(Name, "/", null, httpOnly: true, secure: false, SameSiteMode.Lax);
        var token = new string('a', 3933) + new string('b', 3933) + "ccc";

        SessionCookieStore.Write(context, spec, 3933, token, DateTimeOffset.UnixEpoch.AddYears(60));

        var headers = context.Response.Headers.SetCookie.ToArray();
        Assert.Equal(4, headers.Length);
        Assert.StartsWith(Name + "=; max-age=0", headers[0], StringComparison.Ordinal);
        Assert.StartsWith(Name + ".0=" + new string('a', 3933) + ";", headers[1], StringComparison.Ordinal);
        Assert.StartsWith(Name + ".1=" + new string('b', 3933) + ";", headers[2], StringComparison.Ordinal);
        Assert.StartsWith(Name + ".2=ccc;", headers[3], StringComparison.Ordinal);
        Assert.All(headers[1..], h => Assert.Contains("expires=Tue, 01 Jan 2030 00:00:00 GMT", h, StringComparison.Ordinal));
    }

    [Fact]
    public void Write_ExactlyChunkSize_IsOneCookie()
    {
        var context = Context();
        var spec = new CookieSpec(Name, "/", null, true, false, SameSiteMode.Lax);

        SessionCookieStore.Write(context, spec, 3933, new string('a', 3933), DateTimeOffset.UnixEpoch);

        Assert.StartsWith(Name + "=", Assert.Single(context.Response.Headers.SetCookie.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Append_GoesThroughResponseCookiesWithEveryAttribute()
    {
        var context = new DefaultHttpContext();
        var spec = new CookieSpec("__Secure-next-auth.session-token", "/", ".example.com", true, true, SameSiteMode.Lax);

        spec.Append(context.Response, "a|b:/", DateTimeOffset.UnixEpoch);
        spec.Clear(context.Response);

        Assert.Equal(
            ["__Secure-next-auth.session-token=a%7Cb%3A%2F; expires=Thu, 01 Jan 1970 00:00:00 GMT; domain=.example.com; path=/; secure; samesite=lax; httponly",
             "__Secure-next-auth.session-token=; max-age=0; domain=.example.com; path=/; secure; samesite=lax; httponly"],
            context.Response.Headers.SetCookie.Select(h => h!).ToArray());
    }

    [Fact]
    public void Clear_CaseVariantsAndChunks_ClearsEverySpellingSent()
    {
        var context = Context((Name, "a"), ("NEXT-AUTH.SESSION-TOKEN", "b"), (Name + ".0", "c"), ("other", "d"));

        SessionCookieStore.Clear(context, new CookieSpec(Name, "/", null, true, false, SameSiteMode.Lax));

        Assert.Equal([Name, "NEXT-AUTH.SESSION-TOKEN", Name + ".0"], context.Response.Headers.SetCookie.Select(h => h![..h!.IndexOf('=')]).ToArray());
    }

    [Fact]
    public void Read_MoreChunksThanAnySession_IsNoSession()
    {
        var cookies = Cookies([.. Enumerable.Range(0, 40).Select(i => ($"{Name}.{i}", "x"))]);

        Assert.Equal("", SessionCookieStore.Read(cookies, Spec));
    }

    private static DefaultHttpContext Context(params (string Name, string Value)[] cookies)
    {
        var context = new DefaultHttpContext();
        if (cookies.Length > 0)
        {
            context.Request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        }

        return context;
    }

    private static IRequestCookieCollection Cookies(params (string Name, string Value)[] cookies)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        return context.Request.Cookies;
    }
}
