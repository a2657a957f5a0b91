using Sesame.Csrf;

namespace Sesame.Tests.Csrf;

/// <summary>The memo of verified CSRF cookies is bounded: a client minting new cookies cannot grow the server's memory.</summary>
public sealed class CsrfMemoBoundTests
{
    [Fact]
    public void ReadCookie_ManyDistinctValidCookies_RememberedCountStaysBounded()
    {
        var csrf = new CsrfProtection(["csrf-memo-secret-0123456789abcdefghijklmnopqrstuv"]);
        var peak = 0;

        for (var i = 0; i < CsrfProtection.MaxVerifiedCookies * 3; i++)
        {
            var (token, cookie) = csrf.Mint();
            Assert.Equal(token, csrf.ReadCookie(cookie));
            peak = Math.Max(peak, csrf.RememberedCount);
        }

        Assert.InRange(peak, CsrfProtection.MaxVerifiedCookies, 2 * CsrfProtection.MaxVerifiedCookies);
    }

    [Fact]
    public void ReadCookie_ForgedValues_AreNeverRemembered()
    {
        var csrf = new CsrfProtection(["csrf-memo-secret-0123456789abcdefghijklmnopqrstuv"]);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(csrf.ReadCookie(new string((char)('a' + (i % 6)), 64) + "|" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(0, csrf.RememberedCount);
    }
}
