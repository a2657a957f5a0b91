using Microsoft.AspNetCore.Http;
using Sesame.Access;

namespace Sesame.Tests.Access;

public sealed class ApiCallersTests
{
    private static readonly AccessSettings Settings = new(new SesameAccessOptions());

    [Theory]
    [InlineData("/dashboard", null, null, null, false)]
    [InlineData("/dashboard", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "navigate", null, false)]
    [InlineData("/dashboard", "*/*", null, null, false)]
    [InlineData("/dashboard", "application/json", null, null, true)]
    [InlineData("/dashboard", "application/problem+json", null, null, true)]
    [InlineData("/dashboard", "application/json, text/plain, */*", null, null, true)]
    [InlineData("/dashboard", "text/html, application/json", null, null, false)]
    [InlineData("/dashboard", "application/json, text/html", null, null, true)]
    [InlineData("/dashboard", "text/html;q=0.5, application/json", null, null, true)]
    [InlineData("/dashboard", "application/json;q=0.2, text/html", null, null, false)]
    [InlineData("/dashboard", "*/*", "cors", null, true)]
    [InlineData("/dashboard", "*/*", "same-origin", null, true)]
    [InlineData("/dashboard", "text/html", "cors", null, false)]
    [InlineData("/dashboard", "*/*", "navigate", null, false)]
    [InlineData("/dashboard", null, null, "XMLHttpRequest", true)]
    [InlineData("/api", "text/html", "navigate", null, true)]
    [InlineData("/api/me", "text/html", "navigate", null, true)]
    [InlineData("/API/me", "text/html", "navigate", null, true)]
    [InlineData("/apis", "text/html", "navigate", null, false)]
    public void IsApiRequest_Headers_TellApiFromPage(string path, string? accept, string? fetchMode, string? requestedWith, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        if (fetchMode is not null)
        {
            context.Request.Headers["Sec-Fetch-Mode"] = fetchMode;
        }

        if (requestedWith is not null)
        {
            context.Request.Headers.XRequestedWith = requestedWith;
        }

        Assert.Equal(expected, ApiCallers.IsApiRequest(context.Request, Settings));
    }

    [Fact]
    public void IsApiRequest_AuthorizationHeader_IsAnApiCaller()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/dashboard";
        context.Request.Headers.Accept = "text/html";
        context.Request.Headers.Authorization = "Bearer x";

        Assert.True(ApiCallers.IsApiRequest(context.Request, Settings));
    }

    [Fact]
    public void IsApiRequest_ConfiguredPrefixes_ReplaceTheDefault()
    {
        var options = new SesameAccessOptions();
        options.ApiPathPrefixes.Clear();
        options.ApiPathPrefixes.Add("/v1/");
        var settings = new AccessSettings(options);

        Assert.True(IsApi("/v1/things", settings));
        Assert.False(IsApi("/api/things", settings));
    }

    private static bool IsApi(string path, AccessSettings settings)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        return ApiCallers.IsApiRequest(context.Request, settings);
    }
}
