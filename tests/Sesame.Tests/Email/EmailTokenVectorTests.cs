using Sesame.Providers.Email;
using Sesame.Tests.Jwt;

namespace Sesame.Tests.Email;

/// <summary>The stored hash of a link's token is next-auth's (the spec's vectors from next-auth 4.24.15), so the tables can be shared.</summary>
public sealed class EmailTokenVectorTests
{
    [Fact]
    public void Hash_EveryVector_IsWhatNextAuthStores()
    {
        foreach (var vector in JwtVectors.All["emailTokenHash"]!.AsArray())
        {
            var secret = (vector!["providerSecret"] ?? vector["secret"])!.GetValue<string>();

            var hash = EmailTokens.Hash(vector["token"]!.GetValue<string>(), secret);

            Assert.Equal(vector["expectedStoredTokenHex"]!.GetValue<string>(), hash);
        }
    }

    [Fact]
    public void NewToken_Is64LowerCaseHexDigitsAndNeverRepeats()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => EmailTokens.NewToken()).ToArray();

        Assert.All(tokens, token => Assert.Matches("^[0-9a-f]{64}$", token));
        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
    }
}
