using Sesame.Providers.Email;

namespace Sesame.Tests.Email;

/// <summary>The address normalizer on its own: what it accepts and how it spells it (the refusals run end to end in EmailSignInTests).</summary>
public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("  Alice@Example.COM\t", "Alice@example.com")]          // the local part keeps its case, the domain does not
    [InlineData("alice+tag@mail.example.co.uk", "alice+tag@mail.example.co.uk")]
    [InlineData("o'brien&co@example.com", "o'brien&co@example.com")]
    [InlineData("jürgen@BÜCHER.DE", "jürgen@bücher.de")]
    public void Normalize_OneAddress_ReturnsItsOneSpelling(string input, string expected)
    {
        Assert.Equal(expected, EmailAddresses.Normalize(input, out var refusal));
        Assert.Null(refusal);
    }

    [Fact]
    public void Normalize_At320Characters_AcceptedAndOneMoreRefused()
    {
        var domain = "@" + new string('d', 20) + ".example.com";
        var longest = new string('a', EmailAddresses.MaxLength - domain.Length) + domain;

        Assert.Equal(longest, EmailAddresses.Normalize(longest, out _));
        Assert.Null(EmailAddresses.Normalize("a" + longest, out var refusal));
        Assert.Equal("too long", refusal);
    }

    [Theory]
    [InlineData("a\uFF20b@example.com", "a look-alike of @, a comma or a quote")]
    [InlineData("a\uFE6Bb@example.com", "a look-alike of @, a comma or a quote")]
    [InlineData("a\uFF0Cb@example.com", "a look-alike of @, a comma or a quote")]
    [InlineData("a\u200Bb@example.com", "a space, control or invisible character")]
    [InlineData("a b@example.com", "a space or control character")]
    [InlineData("a@b@example.com", "more than one @")]
    [InlineData("a@example", "no dot in the domain")]
    [InlineData("a@example..com", "no dot in the domain")]
    public void Normalize_NotExactlyOneAddress_SaysWhy(string input, string reason)
    {
        Assert.Null(EmailAddresses.Normalize(input, out var refusal));
        Assert.Equal(reason, refusal);
    }

    [Fact]
    public void Normalize_LoneSurrogateOrReplacementCharacter_Refused()
    {
        // not as InlineData: the test runner's serialization would turn the lone surrogate into U+FFFD
        Assert.Null(EmailAddresses.Normalize("a" + (char)0xD800 + "@example.com", out var lone));
        Assert.Null(EmailAddresses.Normalize("a\uFFFD@example.com", out _));
        Assert.Equal("a lone surrogate", lone);
    }

    [Fact]
    public void Normalize_AstralCharacter_JudgedAsOneCharacter()
    {
        Assert.Equal("\U0001F600@example.com", EmailAddresses.Normalize("\U0001F600@example.com", out _));
        Assert.Null(EmailAddresses.Normalize("a\U000E0040b@example.com", out _));   // TAG COMMERCIAL AT
    }
}
