using Sesame.Security;

namespace Sesame.Tests.Security;

public sealed class ConstantTimeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(333)]
    [InlineData(1024)]
    public void Equals_EqualSpans_True(int length)
    {
        var text = Text(length);
        Assert.True(ConstantTime.Equals(text.AsSpan(), new string(text.AsSpan()).AsSpan()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(333)]
    public void Equals_OneCharacterDifferentAnywhere_False(int length)
    {
        var text = Text(length);
        for (var position = 0; position < length; position++)
        {
            var other = text.ToCharArray();
            other[position] ^= (char)0x0100; // only the high byte of the UTF-16 unit differs
            Assert.False(ConstantTime.Equals(text.AsSpan(), other), $"high byte at {position}");
            other[position] ^= (char)0x0101; // only the low byte
            Assert.False(ConstantTime.Equals(text.AsSpan(), other), $"low byte at {position}");
        }
    }

    [Fact]
    public void Equals_DifferentLengths_False()
    {
        Assert.False(ConstantTime.Equals("abc".AsSpan(), "abcd".AsSpan()));
        Assert.False(ConstantTime.Equals("".AsSpan(), "a".AsSpan()));
        Assert.False(ConstantTime.Equals(new byte[32], new byte[33]));
    }

    [Fact]
    public void Equals_Bytes_ComparesEveryByte()
    {
        var left = new byte[40];
        Random.Shared.NextBytes(left);
        for (var position = 0; position < left.Length; position++)
        {
            var right = (byte[])left.Clone();
            Assert.True(ConstantTime.Equals(left, right));
            right[position] ^= 0x80;
            Assert.False(ConstantTime.Equals(left, right), $"byte {position}");
        }
    }

    private static string Text(int length) => string.Create(length, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('A' + (i * 7 % 58));
        }
    });
}
