using Sesame.Csrf;
using Sesame.Tests.Jwt;

namespace Sesame.Tests.Csrf;

public sealed class CsrfProtectionTests
{
    public static TheoryData<string> VectorIds()
    {
        var data = new TheoryData<string>();
        foreach (var vector in JwtVectors.All["csrf"]!.AsArray())
        {
            data.Add(vector!.String("id"));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void HashHex_NextAuthVector_MatchesExpectedHash(string id)
    {
        var vector = Vector(id);
        var secret = vector["secret"] is System.Text.Json.Nodes.JsonArray array
            ? string.Join(',', array.Select(s => s!.GetValue<string>()))
            : vector.String("secret");

        Assert.Equal(vector.String("expectedHashHex"), CsrfProtection.HashHex(vector.String("token"), secret));
        Assert.Equal(vector.String("token"), new CsrfProtection([secret]).ReadCookie(vector.String("cookieValue")));
        Assert.Equal(vector.String("setCookieValue"), Sesame.Cookies.CookieValue.Encode(vector.String("cookieValue")));
    }

    [Fact]
    public void ReadCookie_RotatedSecret_AcceptsCookieHashedWithOlderSecret()
    {
        var old = new CsrfProtection(["old"]).Mint();

        Assert.Equal(old.Token, new CsrfProtection(["new", "old"]).ReadCookie(old.CookieValue));
        Assert.Null(new CsrfProtection(["new"]).ReadCookie(old.CookieValue));
    }

    [Fact]
    public void ReadCookie_SameValueAgain_IsVerifiedAgainAndForgeriesStayRefused()
    {
        var csrf = new CsrfProtection(["s"]);
        var minted = csrf.Mint();
        var forged = minted.CookieValue[..^1] + (minted.CookieValue[^1] == '0' ? '1' : '0');

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(minted.Token, csrf.ReadCookie(minted.CookieValue));
            Assert.Equal(minted.Token, csrf.ReadCookie(new string(minted.CookieValue.AsSpan())));
            Assert.Null(csrf.ReadCookie(forged));
        }

        Assert.Null(new CsrfProtection(["other"]).ReadCookie(minted.CookieValue));
    }

    [Fact]
    public void ReadRawCookie_AnyEncoding_AnswersAsReadingTheDecodedValue()
    {
        var csrf = new CsrfProtection(["s"]);
        var (token, value) = csrf.Mint();
        var forged = value[..^1] + (value[^1] == '0' ? '1' : '0');
        string[] raws =
        [
            value.Replace("|", "%7C", StringComparison.Ordinal), value.Replace("|", "%7c", StringComparison.Ordinal), value,
            "%" + ((int)value[0]).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + value[1..].Replace("|", "%7C", StringComparison.Ordinal),
            forged.Replace("|", "%7C", StringComparison.Ordinal), forged, value.Replace("|", "%7D", StringComparison.Ordinal),
            value.Replace("|", "%7C", StringComparison.Ordinal)[..^1], "", "%", "%7C",
        ];

        for (var round = 0; round < 2; round++)
        {
            foreach (var raw in raws)
            {
                Assert.Equal(new CsrfProtection(["s"]).ReadCookie(Uri.UnescapeDataString(raw)), csrf.ReadRawCookie(raw));
            }
        }

        Assert.Equal(token, csrf.ReadRawCookie(value.Replace("|", "%7C", StringComparison.Ordinal)));
    }

    [Fact]
    public void ReadCookie_ManyBrowsers_AllVerify()
    {
        var csrf = new CsrfProtection(["s"]);
        var cookies = Enumerable.Range(0, 5000).Select(_ => csrf.Mint()).ToList();
        Assert.Equal(cookies.Count, cookies.Select(c => c.Token).Distinct().Count());
        Assert.All(cookies, c => Assert.Matches("^[0-9a-f]{64}$", c.Token));

        foreach (var (token, cookieValue) in cookies.Concat(cookies))
        {
            Assert.Equal(token, csrf.ReadCookie(cookieValue));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc|def")]
    [InlineData("zz")]
    public void ReadCookie_Malformed_IsNull(string? value) => Assert.Null(new CsrfProtection(["s"]).ReadCookie(value));

    [Fact]
    public void ReadCookie_TamperedToken_IsNull()
    {
        var (token, cookie) = new CsrfProtection(["s"]).Mint();
        var tampered = (token[0] == 'a' ? "b" : "a") + cookie[1..];

        Assert.Null(new CsrfProtection(["s"]).ReadCookie(tampered));
    }

    [Fact]
    public void Matches_ComparesExactly()
    {
        Assert.True(CsrfProtection.Matches("abc", "abc"));
        Assert.False(CsrfProtection.Matches("abc", "abd"));
        Assert.False(CsrfProtection.Matches("abc", "ab"));
        Assert.False(CsrfProtection.Matches("abc", null));
    }

    private static System.Text.Json.Nodes.JsonNode Vector(string id) =>
        JwtVectors.All["csrf"]!.AsArray().First(v => v!.String("id") == id)!;

    [Fact]
    public void Mint_WipesTheRandomBytesItHandedOut()
    {
        // New tokens come from a batch of OS random bytes kept in the instance; the bytes handed out must not stay in it,
        // where a heap dump (or a later bug) would reveal every token minted so far.
        var csrf = new CsrfProtection(["secret"]);
        var tokens = Enumerable.Range(0, 10).Select(_ => csrf.Mint().Token).ToList();

        var fields = typeof(CsrfProtection).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        var batch = (byte[])fields.Single(f => f.Name == "_random").GetValue(csrf)!;
        var used = (int)fields.Single(f => f.Name == "_randomUsed").GetValue(csrf)!;

        Assert.Equal(10 * 32, used);
        Assert.All(batch[..used], b => Assert.Equal(0, b));
        Assert.Contains(batch[used..], b => b != 0); // the rest of the batch is still random, waiting to be used
        Assert.Equal(10, tokens.Distinct().Count());
    }

    [Theory]
    [InlineData("%7C", true)]
    [InlineData("%7c", true)]
    [InlineData("|", true)]
    [InlineData("X7C", false)] // not an escape: three characters more than a cookie has
    [InlineData("%8C", false)] // another character than '|'
    [InlineData("%zC", false)] // not an escape at all
    [InlineData("%7", false)]
    [InlineData("%7D", false)] // '}', and the token's "c" two characters before must not pass for the escape's
    public void ReadRawCookie_OnlyThePercentEncodedBar_SeparatesTokenAndHash(string separator, bool valid)
    {
        // The raw reader's shortcut for "token%7Chash" must take exactly that escape: a look-alike three characters
        // long would otherwise be read as the separator and a malformed cookie accepted. The token ends in "c7", so a
        // shortcut that looked a character or two too early would also see "7" or "c".
        var csrf = new CsrfProtection(["secret"]);
        var token = new string('a', 62) + "c7";
        var hash = CsrfProtection.HashHex(token, "secret");

        var read = csrf.ReadRawCookie(token + separator + hash);

        Assert.Equal(valid ? token : null, read);
    }

    [Theory]
    [InlineData(0)] // an escape in the token
    [InlineData(67)] // one in the hash
    public void ReadRawCookie_AnotherEscapeBesideTheBar_IsRefused(int at)
    {
        // "%61" for "a" keeps the raw length of a "token%7Chash" cookie only if two characters go: what decodes is
        // shorter than a cookie, and what is read as sent is no hex; neither may verify (nor the valid pair's memo)
        var csrf = new CsrfProtection(["secret"]);
        var token = new string('a', 64);
        var raw = token + "%7C" + CsrfProtection.HashHex(token, "secret");
        Assert.Equal(token, csrf.ReadRawCookie(raw));

        var escaped = string.Concat(raw.AsSpan(0, at), "%61", raw.AsSpan(at + 3));

        Assert.Equal(raw.Length, escaped.Length);
        Assert.Null(csrf.ReadRawCookie(escaped));
    }
}

