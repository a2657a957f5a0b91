using System.Net;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// Reflected input on the built-in pages is encoded, and nothing a request sends can add a response header or split one;
/// <c>Host</c> and <c>X-Forwarded-*</c> are never trusted unless the app opted in, and even then only as a host.
/// </summary>
public sealed class InjectionTests
{
    public static TheoryData<string> Markup => new()
    {
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "javascript:alert(1)",
        "&lt;script&gt;",
        "</form><form action=https://evil.example>",
    };

    [Theory]
    [MemberData(nameof(Markup))]
    public async Task Pages_ReflectedQueryValues_AreEncoded(string payload)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var encoded = Uri.EscapeDataString(payload);

        foreach (var path in new[] { $"/api/auth/signin?error={encoded}", $"/api/auth/signin?callbackUrl=%2F{encoded}", $"/api/auth/error?error={encoded}", $"/api/auth/signin/{encoded}", $"/api/auth/verify-request?provider={encoded}" })
        {
            using var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();

            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("action=https://evil.example", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("action=\"https://evil.example", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("/x%0D%0ASet-Cookie:%20evil=1")]
    [InlineData("/x%0ALocation:%20https://evil.example")]
    [InlineData("/x%E5%98%8A%E5%98%8DSet-Cookie:evil=1")]
    public async Task CallbackUrl_WithEncodedLineBreaks_AddsNoHeader(string callbackUrl)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();

        using var signIn = await client.PostFormAsync("/api/auth/callback/credentials", [.. TestUsers.Form("alice"), new("csrfToken", csrf), new("callbackUrl", Uri.UnescapeDataString(callbackUrl))]);
        using var error = await client.GetAsync("/api/auth/error?error=" + callbackUrl[3..]);

        foreach (var response in new[] { signIn, error })
        {
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("evil", StringComparison.Ordinal)));
            Assert.DoesNotContain(response.Headers, h => h.Value.Any(v => v.Contains('\r') || v.Contains('\n')));
            Assert.True(response.Headers.Location is null || response.Headers.Location.IsAbsoluteUri == false || response.Headers.Location.Host == "localhost");
        }
    }

    [Fact]
    public async Task HostAndForwardedHeaders_WithoutTrustHost_AreIgnored()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var csrf = await client.GetCsrfTokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/callback/credentials")
        {
            Content = new FormUrlEncodedContent([.. TestUsers.Form("alice"), new("csrfToken", csrf)]),
        };
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);
        using var providers = await client.SendAsync(WithHost(new HttpRequestMessage(HttpMethod.Get, "/api/auth/providers")));

        Assert.Equal(TestApp.Origin, response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("evil.example", await providers.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example/path")]
    [InlineData("evil.example@localhost")]
    [InlineData("evil.example\\x")]
    [InlineData("a b")]
    public async Task ForwardedHost_WithTrustHost_InvalidHostIsNotUsed(string host)
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Url = null;
            o.TrustHost = true;
        });
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/providers");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", host);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
        Assert.DoesNotContain("a b", body, StringComparison.Ordinal);
    }

    private static HttpRequestMessage WithHost(HttpRequestMessage request)
    {
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        return request;
    }
}
