using Sesame.Sessions;

namespace Sesame.Tests.Sessions;

public sealed class PercentDecodingTests
{
    [Theory]
    [InlineData("abc.def-ghi_jkl", "abc.def-ghi_jkl")]
    [InlineData("a%2Eb", "a.b")]
    [InlineData("%41%62", "Ab")]
    [InlineData("%C3%A9", "é")]
    [InlineData("a+b", "a+b")]
    public void Decode_ValidEscapes_DecodesLikeDecodeUriComponent(string input, string expected) =>
        Assert.Equal(expected, PercentDecoding.Decode(input));

    [Theory]
    [InlineData("%")]
    [InlineData("abc%2")]
    [InlineData("%zz")]
    [InlineData("%C3")]
    [InlineData("%FF")]
    [InlineData("é%41")]
    public void Decode_MalformedEscapes_IsNull(string input) => Assert.Null(PercentDecoding.Decode(input));
}
