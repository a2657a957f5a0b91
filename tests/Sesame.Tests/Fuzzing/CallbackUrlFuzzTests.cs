using CsCheck;
using Sesame.Http;

namespace Sesame.Tests.Fuzzing;

/// <summary>
/// The callback-URL rules never throw, and whatever URL comes in, the redirect they choose stays on the app's origin and
/// is safe in a <c>Location</c> header.
/// </summary>
public sealed class CallbackUrlFuzzTests
{
    private const string Origin = "http://localhost:3000";

    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOf("http://", "https://", "//", "/", "\\", "/\\", "javascript:", "data:", "HTTP://LOCALHOST:3000", Origin, "evil.example", "@", ":", "%2F", "%5C",
            "%00", "%0D%0A", "?", "#", "..", ".", "localhost", ":3000", "user:pass@", "\t", "\r\n", " ", "\u3002", "\uff0f", "xn--", "[::1]", "0x7f.1"),
        Gen.Char["abc/\\:@?#%.-_~ \u00e9"].Array[0, 6].Select(c => new string(c)),
        Gen.String[0, 4]);

    private static readonly Gen<string> Url = Piece.Array[0, 8].Select(pieces => string.Concat(pieces));

    [Fact]
    public void Default_AnyUrl_StaysOnTheOriginAndIsSafeInALocationHeader() =>
        Url.Sample(url =>
        {
            _ = CallbackUrls.IsValid(url);
            _ = CallbackUrls.IsValid(url, Origin);
            var chosen = CallbackUrls.Default(url, Origin);

            Assert.True(Uri.TryCreate(chosen, UriKind.Absolute, out var parsed), chosen);
            Assert.Equal(Origin, parsed.GetLeftPart(UriPartial.Authority), ignoreCase: true);
            Assert.Equal("", parsed.UserInfo);
            Assert.True(chosen.StartsWith(Origin, StringComparison.OrdinalIgnoreCase) && (chosen.Length == Origin.Length || chosen[Origin.Length] is '/' or '?' or '#'), chosen);
            Assert.DoesNotContain('\\', chosen);
            if (CallbackUrls.ForHeader(chosen) is { } header)
            {
                Assert.All(header, c => Assert.InRange(c, '\u0021', '\u007e'));
            }
        }, time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);

    [Fact]
    public void IsValid_WithTheOriginShortcut_AgreesWithTheFullCheck() =>
        Url.Sample(url => Assert.Equal(CallbackUrls.IsValid(url), CallbackUrls.IsValid(url, Origin)), time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);
}
