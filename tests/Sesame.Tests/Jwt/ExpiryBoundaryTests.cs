using Microsoft.Extensions.Time.Testing;
using Sesame.Jwt;

namespace Sesame.Tests.Jwt;

/// <summary>
/// The 15 s clock tolerance ends exactly at <c>exp + 15 s</c> (jose refuses when <c>exp &lt;= now - 15</c>), checked by
/// the payload reader itself, not only by the decoded-token memo that usually answers.
/// </summary>
public sealed class ExpiryBoundaryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<JwtFormat> Formats => new() { JwtFormat.NextAuthV4, JwtFormat.AuthJsV5 };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_FirstSeenAtExactlyExpPlus15_IsRefused(JwtFormat format)
    {
        var time = new FakeTimeProvider(Start);
        var token = new NextAuthJwtCodec(["encoder-secret-0123456789abcdefghijklmnop"], format, time).Encode(Claims(), TimeSpan.FromMinutes(1), Salt(format));
        var reader = new NextAuthJwtCodec(["encoder-secret-0123456789abcdefghijklmnop"], format, time);

        time.Advance(TimeSpan.FromSeconds(75));

        Assert.Null(reader.Decode(token, Salt(format)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_WithoutMemo_AcceptsAtExpPlus14AndRefusesAtExpPlus15(JwtFormat format)
    {
        var time = new FakeTimeProvider(Start);
        var codec = new NextAuthJwtCodec(["encoder-secret-0123456789abcdefghijklmnop"], format, time);
        var token = codec.Encode(Claims(), TimeSpan.FromMinutes(1), Salt(format));

        time.Advance(TimeSpan.FromSeconds(74));
        var justInside = codec.Decode(token, Salt(format));
        time.Advance(TimeSpan.FromSeconds(1));
        var atTheEdge = codec.Decode(token, Salt(format));

        Assert.NotNull(justInside);
        Assert.Null(atTheEdge);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_MemoHoldsTheToken_StillRefusedAtExpPlus15AndAfter(JwtFormat format)
    {
        var time = new FakeTimeProvider(Start);
        var codec = new CachingJwtCodec(new NextAuthJwtCodec(["encoder-secret-0123456789abcdefghijklmnop"], format, time), time);
        var token = codec.Encode(Claims(), TimeSpan.FromMinutes(1), Salt(format));
        Assert.NotNull(codec.Decode(token, Salt(format)));

        time.Advance(TimeSpan.FromSeconds(75));
        var atTheEdge = codec.Decode(token, Salt(format));
        var again = codec.Decode(token, Salt(format));

        Assert.Null(atTheEdge);
        Assert.Null(again);
    }

    [Fact]
    public void Memo_ClockSetBack_NotBeforeCheckedAgain_ToTheSecond()
    {
        // A wall clock can go back (NTP): a token the memo holds is then checked against its nbf again, with the same
        // tolerance and boundary as a first decode (jose refuses when nbf > now + 15).
        var clock = new SettableClock(Start);
        var t0 = Start.ToUnixTimeSeconds();
        var codec = new CachingJwtCodec(new NextAuthJwtCodec([MemoSecret], JwtFormat.NextAuthV4, clock), clock);
        var token = CraftV4($"{{\"sub\":\"u1\",\"nbf\":{t0 + 5},\"exp\":{t0 + 600}}}");
        Assert.NotNull(codec.Decode(token, ""));

        clock.Now = Start.AddSeconds(-10); // nbf = now + 15: still valid
        var atTheEdge = codec.Decode(token, "");
        clock.Now = Start.AddSeconds(-11); // nbf = now + 16
        var past = codec.Decode(token, "");

        Assert.Equal("u1", atTheEdge?.Subject);
        Assert.Null(past);
    }

    [Theory]
    [InlineData(-100, 5)]
    [InlineData(5, -100)]
    public void Memo_RepeatedNbf_TheLatestCounts(int first, int second)
    {
        // every occurrence of a repeated claim is checked at decode; what the memo keeps must be the strictest
        var clock = new SettableClock(Start);
        var t0 = Start.ToUnixTimeSeconds();
        var codec = new CachingJwtCodec(new NextAuthJwtCodec([MemoSecret], JwtFormat.NextAuthV4, clock), clock);
        var token = CraftV4($"{{\"sub\":\"u1\",\"nbf\":{t0 + first},\"nbf\":{t0 + second},\"exp\":{t0 + 600}}}");
        Assert.NotNull(codec.Decode(token, ""));

        clock.Now = Start.AddSeconds(-11);

        Assert.Null(codec.Decode(token, ""));
    }

    private const string MemoSecret = "memo-secret-0123456789abcdefghijklmnopqrstuv";

    private static string CraftV4(string payload) => TestJwe.NextAuthV4(MemoSecret, payload);

    /// <summary>A clock that can be set back, as a wall clock can be (FakeTimeProvider only moves forward).</summary>
    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static JwtClaims Claims() => new() { Subject = "u1", Name = "Alice" };

    private static string Salt(JwtFormat format) => format == JwtFormat.AuthJsV5 ? "authjs.session-token" : "";
}
