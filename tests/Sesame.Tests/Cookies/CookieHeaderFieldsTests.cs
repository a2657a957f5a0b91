using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Sesame.Cookies;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Cookies;

/// <summary>
/// A request may carry its cookies in several <c>Cookie</c> header fields (HTTP/2 and HTTP/3 send one per cookie, and an
/// HTTP/1.1 client may too): every lookup sees all of them.
/// </summary>
public sealed class CookieHeaderFieldsTests
{
    [Fact]
    public void TryGetRaw_CookieInALaterHeaderField_IsFound()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = new StringValues(["a=1", "next-auth.csrf-token=t%7Ch", "b=2"]);
        var cookies = HeaderRequestCookies.Of(context);

        Assert.Equal(HeaderRequestCookies.Lookup.Found, cookies.TryGetRaw("next-auth.csrf-token", out var raw));
        Assert.Equal("t%7Ch", raw.ToString());
        Assert.Equal(HeaderRequestCookies.Lookup.Absent, cookies.TryGetRaw("c", out _));
        Assert.True(cookies.TryGetValue("b", out var b));
        Assert.Equal("2", b);
    }

    [Fact]
    public async Task Session_CookiesSplitOverSeveralHeaderFields_IsReadAndCsrfVerified()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();
        var fields = client.Cookies.Select(c => $"Cookie: {c.Key}={Uri.EscapeDataString(c.Value)}\r\n").ToList();
        Assert.True(fields.Count >= 3);

        var session = await RawAsync(app.Address, $"GET /api/auth/session HTTP/1.1\r\nHost: localhost\r\n{string.Concat(fields)}Connection: close\r\n\r\n");
        var body = $"csrfToken={csrf}&json=true";
        var signOut = await RawAsync(app.Address, $"POST /api/auth/signout HTTP/1.1\r\nHost: localhost\r\n{string.Concat(fields)}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");

        Assert.StartsWith("HTTP/1.1 200", session, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Alice\"", session, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", signOut, StringComparison.Ordinal);
        Assert.Contains("next-auth.session-token=;", signOut, StringComparison.Ordinal);
    }

    private static async Task<string> RawAsync(Uri address, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
