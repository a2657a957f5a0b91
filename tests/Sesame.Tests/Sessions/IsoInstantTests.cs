using System.Globalization;
using System.Text;
using System.Text.Json;
using Sesame.Sessions;

namespace Sesame.Tests.Sessions;

public sealed class IsoInstantTests
{
    [Theory]
    [InlineData("2026-12-26T18:38:28.1960000+00:00", "2026-12-26T18:38:28.196Z")]
    [InlineData("2026-12-26T18:38:28.1969999+00:00", "2026-12-26T18:38:28.196Z")]
    [InlineData("2026-12-26T20:38:28.0000000+02:00", "2026-12-26T18:38:28.000Z")]
    [InlineData("0001-01-01T00:00:00.0000000+00:00", "0001-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00", "9999-12-31T23:59:59.999Z")]
    public void Write_WritesToIsoStringFormat(string instant, string expected) =>
        Assert.Equal("\"" + expected + "\"", Write(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture)));

    [Fact]
    public void Write_RandomInstants_MatchTheCustomFormat()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var value = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60)));
            var expected = "\"" + value.UtcDateTime.ToString(IsoInstant.Format, CultureInfo.InvariantCulture) + "\"";
            Assert.Equal(expected, Write(value));
        }
    }

    private static string Write(DateTimeOffset value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            IsoInstant.Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
