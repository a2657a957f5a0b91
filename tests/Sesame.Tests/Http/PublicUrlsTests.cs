using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Http;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Http;

/// <summary>
/// The public origin of a request when the app trusts its proxy (<c>TrustHost</c>, no configured URL): the forwarded
/// host and scheme when they are valid, the request's own otherwise, never a value made of what was refused.
/// </summary>
public sealed class PublicUrlsTests
{
    [Theory]
    [InlineData("app.example", null, "http", "http://app.example")]
    [InlineData("app.example:8443", "https", "http", "https://app.example:8443")]
    [InlineData("app.example, proxy.internal", "https, http", "http", "https://app.example")]
    [InlineData("[::1]:5000", null, "https", "https://[::1]:5000")]
    public void OriginOf_ValidForwardedHostAndProto_AreUsed(string host, string? proto, string requestScheme, string expected)
    {
        var context = Request("internal:5000", requestScheme);
        context.Request.Headers["X-Forwarded-Host"] = host;
        if (proto is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = proto;
        }

        Assert.Equal(expected, Urls(out _).OriginOf(context));
    }

    [Theory]
    [InlineData("http", "https", "http")] // a forwarded http is taken as it is, even over an https hop
    [InlineData("https", "http", "https")]
    [InlineData("ftp", "https", "https")] // not http(s): the request's own scheme
    [InlineData("", "https", "https")]
    [InlineData(null, "http", "http")]
    public void OriginOf_ForwardedProto_OnlyHttpOrHttps(string? proto, string requestScheme, string expectedScheme)
    {
        var context = Request("app.example", requestScheme);
        if (proto is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = proto;
        }

        Assert.Equal(expectedScheme + "://app.example", Urls(out _).OriginOf(context));
    }

    [Theory]
    [InlineData("evil.example/path")]
    [InlineData("evil.example@app")]
    [InlineData("a b")]
    [InlineData("evil.example\\x")]
    public void OriginOf_InvalidForwardedHost_TheRequestsHost_AndAWarning(string host)
    {
        var context = Request("app.example:8080", "https");
        context.Request.Headers["X-Forwarded-Host"] = host;

        var origin = Urls(out var logs).OriginOf(context);

        Assert.Equal("https://app.example:8080", origin);
        var warning = Assert.Single(logs.Entries, e => e.EventId.Id == 1015);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public void OriginOf_EmptyForwardedHost_TheRequestsHost_NoWarning()
    {
        var context = Request("app.example", "http");
        context.Request.Headers["X-Forwarded-Host"] = "";

        Assert.Equal("http://app.example", Urls(out var logs).OriginOf(context));
        Assert.Empty(logs.Entries);
    }

    [Fact]
    public void OriginOf_HostOf255Characters_IsUsed_256_IsNot()
    {
        var longest = new string('a', 251) + ".com";
        var context = Request("app.example", "http");
        context.Request.Headers["X-Forwarded-Host"] = longest;
        var tooLong = Request("app.example", "http");
        tooLong.Request.Headers["X-Forwarded-Host"] = "a" + longest;

        Assert.Equal("http://" + longest, Urls(out _).OriginOf(context));
        Assert.Equal("http://app.example", Urls(out _).OriginOf(tooLong));
    }

    [Fact]
    public void OriginOf_NoHostAtAll_IsLocalhost()
    {
        // an HTTP/1.0 request may carry no Host header
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";

        Assert.Equal("http://localhost", Urls(out _).OriginOf(context));
    }

    [Fact]
    public void OriginOf_ConfiguredUrl_WinsOverEveryHeader()
    {
        var context = Request("app.example", "http");
        context.Request.Headers["X-Forwarded-Host"] = "other.example";
        var urls = new PublicUrls(
            new SesameSettings(Options.Create(new SesameOptions { Url = new Uri("https://configured.example/app"), Secrets = { TestApp.Secret } })),
            LoggerFactory.Create(_ => { }).CreateLogger<PublicUrls>());

        Assert.Equal("https://configured.example", urls.OriginOf(context));
    }

    private static DefaultHttpContext Request(string host, string scheme)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Scheme = scheme;
        return context;
    }

    private static PublicUrls Urls(out CapturingLoggerProvider logs)
    {
        var captured = new CapturingLoggerProvider();
        logs = captured;
        var options = new SesameOptions { TrustHost = true, Secrets = { TestApp.Secret } };
        return new PublicUrls(new SesameSettings(Options.Create(options)), LoggerFactory.Create(b => b.AddProvider(captured)).CreateLogger<PublicUrls>());
    }
}
