using System.Text;
using Sesame.Jwt;

namespace Sesame.Tests.Jwt;

/// <summary>The payload reader on its own: what JSON it takes as a claims object (as <c>JSON.parse</c> would) and what it refuses.</summary>
public sealed class JwtPayloadReaderTests
{
    private const long Now = 1_800_000_000;

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData(" \t\r\n ")]
    public void Read_LeadingJsonWhitespace_IsSkipped(string whitespace)
    {
        var claims = Read(whitespace + $"{{\"sub\":\"u1\",\"exp\":{Now + 60}}}");

        Assert.NotNull(claims);
        Assert.Equal("u1", claims.Subject);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1,2]")]
    [InlineData("\"u1\"")]
    [InlineData("42")]
    [InlineData("\u00a0{\"sub\":\"u1\"}")] // a non-breaking space is not JSON whitespace
    [InlineData("{\"sub\":\"u1\"")]
    [InlineData("{\"sub\":\"u1\"} {}")]
    [InlineData("{\"sub\":\"u1\"}x")]
    public void Read_NotExactlyOneObject_IsRefused(string json) => Assert.Null(Read(json));

    [Fact]
    public void Read_TrailingWhitespace_IsAccepted() => Assert.NotNull(Read("{\"sub\":\"u1\"} \n"));

    private static JwtClaims? Read(string json) => JwtPayloadReader.Read(Encoding.UTF8.GetBytes(json), Now);
}
