using Sesame.Errors;

namespace Sesame.Tests.Errors;

public sealed class AuthErrorsTests
{
    [Fact]
    public void Describe_EveryCode_HasItsOwnRowWithItsWireName()
    {
        foreach (var code in Enum.GetValues<AuthErrorCode>())
        {
            var row = AuthErrors.Describe(code);

            Assert.Equal(code, row.Code);
            Assert.Equal(code.ToString(), row.WireName);
            Assert.Same(row, AuthErrors.Find(row.WireName));
            Assert.Same(row, AuthErrors.FindIgnoringCase(row.WireName.ToUpperInvariant()));
        }
    }

    [Theory]
    [InlineData("accessdenied")]
    [InlineData("Unknown")]
    [InlineData("")]
    public void Find_NotSpelledExactly_IsNull(string name) => Assert.Null(AuthErrors.Find(name));

    [Fact]
    public void FindIgnoringCase_Unknown_IsTheDefaultRow() =>
        Assert.Equal(AuthErrorCode.Default, AuthErrors.FindIgnoringCase("nope").Code);
}
