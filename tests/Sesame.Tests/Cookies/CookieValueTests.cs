using Sesame.Cookies;

namespace Sesame.Tests.Cookies;

public sealed class CookieValueTests
{
    [Theory]
    [InlineData("abc-_.~XYZ019")]
    [InlineData("token|hash")]
    [InlineData("http://localhost:3000/a b?c=d&e=%")]
    [InlineData("é€😀 x")]
    [InlineData("")]
    [InlineData("!*'()")]
    public void Encode_IsEscapeDataString(string value) =>
        Assert.Equal(Uri.EscapeDataString(value), CookieValue.Encode(value));

    [Fact]
    public void Encode_RandomAsciiAndOther_IsEscapeDataString()
    {
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 30)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(20) == 0 ? (char)random.Next(128, 0xD7FF) : (char)random.Next(0, 128);
            }

            var value = new string(chars);
            Assert.Equal(Uri.EscapeDataString(value), CookieValue.Encode(value));
        }
    }

    [Fact]
    public void Build_WritesNextAuthsAttributeOrder()
    {
        var spec = new CookieSpec("next-auth.session-token", "/", "example.com", httpOnly: true, secure: true, Microsoft.AspNetCore.Http.SameSiteMode.Lax);
        var expires = new DateTimeOffset(2026, 12, 26, 18, 38, 28, TimeSpan.FromHours(2));

        Assert.Equal("next-auth.session-token=a%7Cb; Domain=example.com; Path=/; Expires=Sat, 26 Dec 2026 16:38:28 GMT; HttpOnly; Secure; SameSite=Lax",
            spec.Build("a|b", expires));
        Assert.Equal("next-auth.session-token=v; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax", spec.Build("v"));
        Assert.Equal("next-auth.session-token.1=; Max-Age=0; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax", spec.BuildClear("next-auth.session-token.1"));
    }
}
