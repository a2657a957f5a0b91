using Sesame.Jwt;

namespace Sesame.Tests.Jwt;

/// <summary>The header reader on its own, for headers the codec did not write (another encoder's, or an attacker's).</summary>
public sealed class JweHeaderReaderTests
{
    [Theory]
    [InlineData("""{"alg":"dir","enc":"A256GCM"}""", "A256Gcm", null)]
    [InlineData("""{"enc":"A256CBC-HS512","alg":"dir","kid":"k1"}""", "A256CbcHs512", "k1")]
    [InlineData("""{"typ":"JWT","cty":{"a":[1,2]},"alg":"dir","enc":"A256GCM"}""", "A256Gcm", null)]
    public void TryRead_DirHeaders_AreRead(string json, string expected, string? expectedKid)
    {
        Assert.True(JweHeaderReader.TryRead(TestJwe.B64(json), out var encryption, out var kid));
        Assert.Equal(expected, encryption.ToString());
        Assert.Equal(expectedKid, kid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!!")] // not base64url
    [InlineData("eyJhbGciOiJkaXIi+/")] // base64's alphabet, not base64url's
    public void TryRead_NotABase64UrlSegment_IsRefused(string segment) =>
        Assert.False(JweHeaderReader.TryRead(segment, out _, out _));

    [Theory]
    [InlineData("""{"alg":"dir"}""")]
    [InlineData("""{"enc":"A256GCM"}""")]
    [InlineData("""{"alg":"dir","enc":"A128GCM"}""")]
    [InlineData("""{"alg":"dir","enc":"A256GCM","enc":"A128GCM"}""")] // the last one counts
    [InlineData("""{"alg":"dir","enc":7}""")]
    [InlineData("""{"alg":"dir","enc":"A256GCM","kid":1}""")]
    [InlineData("""[{"alg":"dir","enc":"A256GCM"}]""")]
    [InlineData("""{"alg":"dir","enc":"A256GCM"}{}""")]
    public void TryRead_AnythingButDirWithAKnownEnc_IsRefused(string json) =>
        Assert.False(JweHeaderReader.TryRead(TestJwe.B64(json), out _, out _));

    [Fact]
    public void TryRead_TheLongestSegment_IsRead_OneLonger_IsRefused()
    {
        var longest = Padded(JweHeaderReader.MaxSegmentLength);
        var longer = Padded(JweHeaderReader.MaxSegmentLength + 2); // base64url has no length of 4k + 1

        Assert.True(JweHeaderReader.TryRead(longest, out var encryption, out _));
        Assert.Equal(JweEncryption.A256Gcm, encryption);
        Assert.False(JweHeaderReader.TryRead(longer, out _, out _));
    }

    /// <summary>A dir/A256GCM header segment of exactly <paramref name="length"/> characters, padded by a member of its own.</summary>
    internal static string Padded(int length)
    {
        for (var pad = 0; pad < length; pad++)
        {
            var segment = TestJwe.B64($$"""{"alg":"dir","enc":"A256GCM","p":"{{new string('x', pad)}}"}""");
            if (segment.Length == length)
            {
                return segment;
            }
        }

        throw new InvalidOperationException($"no header segment of {length} characters");
    }
}
