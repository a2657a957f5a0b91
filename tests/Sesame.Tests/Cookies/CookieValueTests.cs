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
}
